#!/usr/bin/env bash
# Prepares the machine's Debian-packaged PostgreSQL for ShipSync: logical decoding on (the outbox relay
# streams changes through replication slots), replication connections from loopback allowed, and one
# database per service, owned by a role of its own that can reach nothing else. Idempotent: restarts
# PostgreSQL at most once, and only when a restart-only setting actually changed.
#
# usage: deploy/local/prepare-postgres.sh [database ...]
#   Run as root or as the cluster's owner. Connects as PGUSER@PGHOST:PGPORT (default postgres@127.0.0.1:5432).
#   PG_VERSION / PG_CLUSTER pick the cluster (default: newest version in /etc/postgresql, cluster main).
set -euo pipefail

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
admin_db="${PGDATABASE:-postgres}"
min_slots_and_senders=20
replication_sources=(127.0.0.1/32 ::1/128)
if (($# > 0)); then
  databases=("$@")
else
  databases=(shipsync_order shipsync_logistics shipsync_inventory shipsync_alerting)
fi

version="${PG_VERSION:-$(ls /etc/postgresql | sort -V | tail -n 1)}"
cluster="${PG_CLUSTER:-main}"
[[ -n "$version" ]] || { echo "no PostgreSQL cluster under /etc/postgresql" >&2; exit 1; }

# Reads come from stdin so psql variables (:'name', :"name") quote values safely.
sql() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$admin_db" "$@"; }

wait_until_ready() {
  for _ in $(seq 1 120); do
    pg_isready -q -d "$admin_db" && return 0
    sleep 0.5
  done
  echo "PostgreSQL $version/$cluster does not accept connections on $PGHOST:$PGPORT after 60 s" >&2
  exit 1
}

ctl() { pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" "$@"; }

if ctl status >/dev/null 2>&1; then
  echo "PostgreSQL $version/$cluster running already"
else
  ctl start
  echo "started PostgreSQL $version/$cluster"
fi
wait_until_ready

restart_for=()

wal_level="$(sql -c 'SHOW wal_level')"
if [[ "$wal_level" == logical ]]; then
  echo "wal_level=logical already"
else
  sql -c 'ALTER SYSTEM SET wal_level = logical'
  echo "set wal_level=logical (was $wal_level)"
  restart_for+=(wal_level)
fi

for setting in max_replication_slots max_wal_senders; do
  current="$(sql -c "SHOW $setting")"
  if ((current >= min_slots_and_senders)); then
    echo "$setting=$current already"
  else
    sql -c "ALTER SYSTEM SET $setting = $min_slots_and_senders"
    echo "set $setting=$min_slots_and_senders (was $current)"
    restart_for+=("$setting")
  fi
done

hba_file="$(sql -c 'SHOW hba_file')"
hba_changed=false
for source in "${replication_sources[@]}"; do
  # pg_hba_file_rules parses the file as it is now, whatever spelling (CIDR or address + mask) it uses.
  allowed="$(sql -v source="$source" <<'SQL'
SELECT count(*) FROM pg_hba_file_rules
 WHERE type = 'host' AND 'replication' = ANY (database) AND 'all' = ANY (user_name)
   AND address::inet = host(:'source'::inet)::inet AND netmask::inet = netmask(:'source'::inet)
SQL
)"
  if ((allowed > 0)); then
    echo "pg_hba.conf allows replication from $source already"
  else
    [[ -z "$(tail -c 1 "$hba_file")" ]] || echo >>"$hba_file"
    printf 'host replication all %s trust\n' "$source" >>"$hba_file"
    echo "pg_hba.conf: added 'host replication all $source trust'"
    hba_changed=true
  fi
done

if ((${#restart_for[@]} > 0)); then
  ctl restart
  echo "restarted PostgreSQL $version/$cluster (${restart_for[*]} changed)"
  wait_until_ready
  [[ "$(sql -c 'SHOW wal_level')" == logical ]] || { echo "wal_level is still not logical after the restart" >&2; exit 1; }
elif [[ "$hba_changed" == true ]]; then
  sql -c 'SELECT pg_reload_conf()' >/dev/null
  echo "reloaded PostgreSQL configuration"
fi

# Least privilege: each service connects as a role named after its database. The role owns that database and
# everything in it (Flyway migrates as it), may open replication connections (the outbox relay's slot) and has no
# other attribute; no other role but the superuser may connect to the database. The superuser is for setup only.
for db in "${databases[@]}"; do
  role="$db"
  # INHERIT: the owner's right to create in schema public comes through its implicit pg_database_owner membership.
  sql -v role="$role" <<'SQL'
SELECT format('CREATE ROLE %I', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS INHERIT', :'role') \gexec
SQL
  exists="$(sql -v db="$db" <<<"SELECT count(*) FROM pg_database WHERE datname = :'db'")"
  if ((exists > 0)); then
    echo "database $db exists already"
  else
    sql -v db="$db" -v role="$role" <<<'CREATE DATABASE :"db" OWNER :"role"'
    echo "created database $db"
  fi
  sql -v db="$db" -v role="$role" <<'SQL'
ALTER DATABASE :"db" OWNER TO :"role";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
  # A database made before the roles existed holds the superuser's tables: hand them to the service's role.
  psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -v role="$role" <<'SQL'
SELECT format('ALTER %s %I.%I OWNER TO %I',
              CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
              n.nspname, c.relname, :'role')
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND pg_get_userbyid(c.relowner) <> :'role'
   -- a serial or identity sequence follows its table
   AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                         AND d.objid = c.oid AND d.deptype IN ('a', 'i'))) \gexec
SELECT format('ALTER FUNCTION %s OWNER TO %I', p.oid::regprocedure, :'role')
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> :'role' \gexec
SELECT format('ALTER PUBLICATION %I OWNER TO %I', pubname, :'role')
  FROM pg_publication WHERE pg_get_userbyid(pubowner) <> :'role' \gexec
SQL
  echo "role $role owns $db and may connect to it alone"
done
