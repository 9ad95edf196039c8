#!/usr/bin/env bash
# Proves README's first command: `./shipsync up`, then within 3 minutes, over HTTP only, paid orders on
# platform-sim reached order-service, their shipments reached SYNCED with the platform, the order the demo
# ships on the platform only was adopted (its package declared by the platform), planted drift is visible (an
# open finding: a declaration the platform refuses leaves DECLARATION_REJECTED), a print run in
# logistics-service finished with numbers taken and its printed waybills were declared by order-service's
# auto-ship (SYNCED, the package's number the waybill's), and the stock inventory-service says the platform
# should show is what platform-sim shows; then `./shipsync down` leaves no process of it behind.
# Exits non-zero naming the failed check, with the tail of the relevant log.
#
# usage: deploy/local/smoke.sh [--no-up]     --no-up: `./shipsync up` was run already (it still ends with down)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
HOME_DIR="${SHIPSYNC_HOME:-$ROOT/.shipsync}"
LOGS="$HOME_DIR/logs"
SHOP="${SHIPSYNC_DEMO_SHOP:-demo-shop}"
SIM_URL="http://127.0.0.1:${SIM_PORT:-8090}"
ORDER_URL="http://127.0.0.1:${ORDER_SERVICE_PORT:-8081}"
INVENTORY_URL="http://127.0.0.1:${INVENTORY_SERVICE_PORT:-8083}"
LOGISTICS_URL="http://127.0.0.1:${LOGISTICS_SERVICE_PORT:-8082}"
ALERTING_URL="http://127.0.0.1:${ALERTING_SERVICE_PORT:-8084}"
ALERT_WITHIN=60      # seconds after the drift is visible for alerting-service to show it as an alert
SERVICES=(order-service logistics-service inventory-service alerting-service)
WITHIN=180           # seconds after `up` for every check to pass
SETTLE=30            # a paid order older than this must be in order-service
MIN_ORDERS=3
MIN_SYNCED=3
MIN_PRINTED_DECLARED=1
SINCE="$(date -u +%Y-%m-%dT%H:%M:%SZ)" # print runs of this run only: the database keeps earlier ones

say() { printf 'smoke: %s\n' "$*"; }

# Set while something `up` started may run: any exit then ends with `down`.
running=0
trap '[[ $running == 1 ]] && ./shipsync down >/dev/null 2>&1; true' EXIT

fail() {
  local message="$1" log
  shift
  printf '\nsmoke: FAILED: %s\n' "$message" >&2
  for log in "$@"; do
    printf '\n--- last 40 lines of %s ---\n' "$LOGS/$log.log" >&2
    tail -n 40 "$LOGS/$log.log" >&2 2>/dev/null || echo "(no such log)" >&2
  done
  exit 1
}

if [[ "${1:-}" != --no-up ]]; then
  say "./shipsync up"
  running=1
  ./shipsync up || fail "./shipsync up failed (its message is above)" order-service platform-sim
fi
running=1
curl -fs -o /dev/null "$SIM_URL/sim" || fail "platform-sim does not answer at $SIM_URL/sim" platform-sim
VIEWER="$(./shipsync token --role viewer --shop "$SHOP")"

get() { curl -fsS -H "Authorization: Bearer $VIEWER" "$ORDER_URL/api/shops/$SHOP/$1"; }
# The platform's orders, oldest first (the most recent 40, so a long-running demo stays quick to check).
sim_orders() { curl -fsS "$SIM_URL/sim" | grep -oE '"orderId" *: *"[0-9]+"' | grep -oE '[0-9]+' | awk '!seen[$0]++' | tail -n 40; }

# 打单, read by python3 (nested JSON): this run's print runs in logistics-service, newest first, and for the
# waybills printed from the finished ones, order-service's view of their order. One line:
#   runs finished numbers printed declared  e.g. "3 2 9 7 5 run=… order=… number=SF…"
# where declared counts printed waybills whose order is SYNCED with a package of that number declared by
# auto-ship.
print_status() {
  python3 - "$LOGISTICS_URL" "$ORDER_URL" "$SHOP" "$VIEWER" "$SINCE" <<'PY'
import json, sys, urllib.request
logistics, orders, shop, token, since = sys.argv[1:]
def get(url):
    request = urllib.request.Request(url, headers={"Authorization": "Bearer " + token, "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)
base = "%s/api/shops/%s" % (logistics, shop)
runs = [r for r in get(base + "/print-runs?size=100")["items"] if r["createdAt"][:19] >= since[:19]]
finished = [r for r in runs if r["progress"]["remaining"] == 0 and r["progress"]["taken"] > 0]
numbers = printed = declared = 0
sample = ""
for run in finished[:6]:
    for w in get("%s/print-runs/%s/waybills?size=1000" % (base, run["runId"]))["items"]:
        if not w.get("trackingNumber"):
            continue
        numbers += 1
        if not w.get("prints"):
            continue
        printed += 1
        view = get("%s/api/shops/%s/orders/%s" % (orders, shop, w["orderId"]))
        ok = (view.get("sync") or {}).get("status") == "SYNCED" and any(
            p["trackingNumber"] == w["trackingNumber"] and p["declaredBy"] == "auto-ship" for p in view.get("packages") or [])
        if ok:
            declared += 1
            sample = sample or "run=%s order=%s number=%s" % (run["runId"], w["orderId"], w["trackingNumber"])
print(len(runs), len(finished), numbers, printed, declared, sample)
PY
}

declare -A first_seen=() sync=() by_platform=()
runs=0 finished_runs=0 numbers=0 printed=0 printed_declared=0 print_sample="" print_error=""
start=$SECONDS
say "checking over HTTP for up to $WITHIN s: $SIM_URL/sim, $ORDER_URL/api/shops/$SHOP/…"
while :; do
  now=$SECONDS
  orders=0 reached=0 synced=0 failed=0 adopted=0 missing=""
  declare -A current=()
  for id in $(sim_orders || true); do
    orders=$((orders + 1))
    current[$id]=1
    [[ -n "${first_seen[$id]:-}" ]] || first_seen[$id]=$now
    case "${sync[$id]:-}" in
      SYNCED | FAILED) ;;
      *)
        if view="$(get "orders/$id" 2>/dev/null)"; then
          sync[$id]="$(grep -oE '"sync" *: *\{ *"status" *: *"[A-Z]+"' <<<"$view" | grep -oE '[A-Z]+"$' | tr -d '"' || true)"
          sync[$id]="${sync[$id]:-NONE}"
          # Shipped on the platform only (planted by the demo): taken in as declared by the platform, SYNCED.
          ! grep -qE '"declaredBy" *: *"platform"' <<<"$view" || by_platform[$id]=1
        fi
        ;;
    esac
    if [[ -n "${sync[$id]:-}" ]]; then
      reached=$((reached + 1))
      [[ "${sync[$id]}" != SYNCED ]] || synced=$((synced + 1))
      [[ "${sync[$id]}" != FAILED ]] || failed=$((failed + 1))
    elif ((now - first_seen[$id] >= SETTLE)); then
      missing+=" $id"
    fi
  done
  # Adopted orders are counted once seen, also after they left the window of the latest 40.
  adopted=${#by_platform[@]}
  # Only findings about this run's orders count: the database keeps those of earlier runs.
  findings="$(get findings 2>/dev/null | grep -oE '"orderId" *: *"[0-9]+" *, *"kind" *: *"[A-Z_]+"' |
    while IFS='"' read -r _ _ _ id _ _ _ kind _; do [[ -z "${current[$id]:-}" ]] || echo "$kind"; done | sort | uniq -c |
    awk '{ printf "%s%s x%s", sep, $2, $1; sep = ", " }' || true)"
  if ((printed_declared < MIN_PRINTED_DECLARED)); then
    if status="$(print_status 2>&1)"; then
      read -r runs finished_runs numbers printed printed_declared print_sample <<<"$status"
      print_error=""
    else
      print_error="$(tail -n 1 <<<"$status")"
    fi
  fi
  if ((reached >= MIN_ORDERS && synced >= MIN_SYNCED && adopted > 0 && printed_declared >= MIN_PRINTED_DECLARED)) &&
    [[ -z "$missing" && -n "$findings" ]]; then
    break
  fi
  if ((SECONDS - start >= WITHIN)); then
    [[ -z "$missing" ]] || fail "paid orders on the platform never reached order-service within $SETTLE s:$missing" order-service platform-sim
    ((reached >= MIN_ORDERS)) || fail "only $reached paid order(s) reached order-service in $WITHIN s ($orders on the platform)" order-service platform-sim
    ((synced >= MIN_SYNCED)) || fail "only $synced shipment(s) reached SYNCED in $WITHIN s ($reached orders in order-service)" order-service platform-sim
    ((adopted > 0)) || fail "no order shipped on the platform only was adopted in $WITHIN s (no package declared by the platform)" order-service platform-sim
    ((finished_runs > 0)) || fail "no print run finished with numbers in $WITHIN s ($runs started in logistics-service${print_error:+; last error: $print_error})" logistics-service platform-sim
    ((printed_declared >= MIN_PRINTED_DECLARED)) || fail "no printed waybill declared by auto-ship (SYNCED) in $WITHIN s ($finished_runs print run(s) finished, $numbers number(s) taken, $printed printed${print_error:+; last error: $print_error})" order-service logistics-service platform-sim
    fail "no planted drift visible in $WITHIN s: no open finding on these orders ($failed declaration(s) FAILED)" order-service platform-sim
  fi
  sleep 5
done
say "ok: $reached of $orders paid orders on platform-sim are in order-service, none paid ${SETTLE}+ s ago missing ($((SECONDS - start)) s)"
say "ok: $synced shipments SYNCED with the platform"
say "ok: $adopted order(s) shipped on the platform only adopted (package declared by the platform)"
say "ok: drift visible: open findings on these orders: $findings; $failed declaration(s) FAILED"

# 告警: the planted drift (a declaration the platform refused) shows in alerting-service as an alert raised in this
# run, within a minute. One line: count, then the first such alert's rule, subject and summary.
drift_alerts() {
  python3 - "$ALERTING_URL" "$SHOP" "$VIEWER" "$SINCE" <<'PY'
import json, sys, urllib.request
alerting, shop, token, since = sys.argv[1:]
request = urllib.request.Request("%s/api/shops/%s/alerts?size=500" % (alerting, shop),
                                 headers={"Authorization": "Bearer " + token, "Accept": "application/json"})
with urllib.request.urlopen(request, timeout=10) as answer:
    items = json.load(answer)["items"]
drift = [a for a in items if a["rule"] in ("DECLARATION_NOT_SYNCED", "DRIFT_DETECTED") and a["raisedAt"][:19] >= since[:19]]
first = drift[0] if drift else None
print(len(drift), "%s %s %s: %s" % (first["rule"], first["subject"]["type"], first["subject"]["id"], first["summary"]) if first else "")
PY
}
alert_start=$SECONDS
until alerts="$(drift_alerts 2>&1)" && [[ "${alerts%% *}" =~ ^[1-9][0-9]*$ ]]; do
  ((SECONDS - alert_start < ALERT_WITHIN)) || fail "the planted drift is not an alert in alerting-service $ALERT_WITHIN s after it was visible ($(tail -n 1 <<<"$alerts"))" alerting-service order-service
  sleep 3
done
say "ok: 告警: ${alerts%% *} alert(s) raised for the planted drift within $((SECONDS - alert_start)) s of its finding, e.g. ${alerts#* }"
say "ok: 打单: $finished_runs of $runs print run(s) finished with numbers ($numbers taken), $printed waybill(s) printed, $printed_declared declared by auto-ship and SYNCED ($print_sample)"

# 物流跟踪: declared numbers are watched through the tracking feed (platform-sim plays kuaidi100), and its signed
# pushes move them: at least one watched number of the shop has a carrier status.
tracked=0 watched=0
until ((tracked > 0)); do
  if page="$(curl -fsS -H "Authorization: Bearer $VIEWER" "$LOGISTICS_URL/api/shops/$SHOP/tracking?size=200")"; then
    watched="$(grep -oE '"total" *: *[0-9]+' <<<"$page" | grep -oE '[0-9]+$' || echo 0)"
    tracked="$(grep -oE '"status" *: *"[A-Z_]+"' <<<"$page" | wc -l)"
  fi
  ((tracked > 0)) && break
  ((SECONDS - start < WITHIN + 120)) || fail "no watched number moved: $watched number(s) watched in logistics-service, none with a carrier status" logistics-service platform-sim
  sleep 5
done
say "ok: 物流跟踪: $watched number(s) watched, $tracked with a carrier status from the feed's pushes"

# The stock check reads nested JSON, which is past grep: python3 compares one snapshot, inventory-service's
# platform stock view then platform-sim's products. One line per SKU inventory-service keeps:
#   equal|differs|due|absent  skuId  shouldShow  platform-stock  frozen|-
# A SKU with a push due (or in flight) is skipped: its platform figure is still on its way.
stock_snapshot() {
  local ours theirs
  ours="$(curl -fsS -H "Authorization: Bearer $VIEWER" "$INVENTORY_URL/api/shops/$SHOP/platform-stock")" || return 1
  theirs="$(curl -fsS "$SIM_URL/sim/shops/$SHOP/products")" || return 1
  python3 -c '
import json, sys
ours, theirs = json.loads(sys.argv[1]), json.loads(sys.argv[2])
platform = {(p["productId"], s["skuId"]): s["stock"] for p in theirs for s in p["skus"]}
for sku in ours["skus"]:
    seen = platform.get((sku["productId"], sku["skuId"]))
    state = ("due" if sku["due"] else "absent" if seen is None
             else "equal" if sku["shouldShow"] == seen else "differs")
    print(state, sku["skuId"], sku["shouldShow"], "-" if seen is None else seen, "frozen" if sku["frozen"] else "-")
' "$ours" "$theirs"
}

say "checking for up to $((WITHIN - (SECONDS - start))) s more: $INVENTORY_URL/api/shops/$SHOP/platform-stock against $SIM_URL/sim/shops/$SHOP/products"
while :; do
  compared=0 skipped=0 figures="" mismatches=""
  if snapshot="$(stock_snapshot 2>&1)"; then
    while read -r state sku should seen frozen; do
      note=""
      [[ "$frozen" != frozen ]] || note=" (frozen)"
      case "$state" in
        equal) compared=$((compared + 1)) figures+=" $sku=$seen$note" ;;
        due) skipped=$((skipped + 1)) ;;
        differs) mismatches+=" SKU $sku$note: inventory-service says $should, platform-sim shows $seen;" ;;
        absent) mismatches+=" SKU $sku: inventory-service says $should, platform-sim has no such SKU;" ;;
      esac
    done <<<"$snapshot"
    ((compared > 0)) || mismatches+=" no SKU compared ($skipped with a push due)"
  else
    mismatches=" no snapshot: $(tail -n 1 <<<"$snapshot")"
  fi
  [[ -n "$mismatches" ]] || break
  ((SECONDS - start < WITHIN)) || fail "platform stock still differs from inventory-service's after $WITHIN s:$mismatches" inventory-service platform-sim
  sleep 3
done
say "ok: platform stock equals inventory-service's for $compared SKU(s) (SKU=stock):$figures; $skipped with a push due not compared ($((SECONDS - start)) s)"
accuracy="$(curl -fsS -H "Authorization: Bearer $VIEWER" "$INVENTORY_URL/api/shops/$SHOP/platform-stock/reconciliations?limit=1" 2>/dev/null |
  python3 -c '
import json, sys
runs = json.load(sys.stdin)
if runs:
    r = runs[0]
    accuracy = "n/a" if r["accuracy"] is None else "%.1f%%" % (100 * r["accuracy"])
    print("%s at %s (checked %s, matched %s, corrected %s, pending %s, unreadable %s)" % (accuracy, r["finishedAt"],
          r["checked"], r["matched"], r["corrected"], r["pending"], r["unreadable"]))
else:
    print("none yet")
' 2>/dev/null || echo "unreadable")"
say "latest platform stock reconciliation: accuracy $accuracy"

pids=()
for pidfile in "$HOME_DIR"/run/*.pid "$HOME_DIR/kafka/kafka.pid"; do
  if [[ -f "$pidfile" ]]; then pids+=("$(basename "$pidfile" .pid):$(cat "$pidfile")"); fi
done
say "./shipsync down"
./shipsync down
running=0
left=()
for entry in "${pids[@]}"; do
  ! kill -0 "${entry#*:}" 2>/dev/null || left+=("$entry")
done
((${#left[@]} == 0)) || fail "still running after down (name:pid): ${left[*]}"
patterns=("$ROOT/platform-sim/target/classes.*io\.shipsync\.sim\.PlatformSimMain" "$HOME_DIR/kafka")
for svc in "${SERVICES[@]}"; do patterns+=("$ROOT/$svc/target/quarkus-app/quarkus-run\.jar"); done
for pattern in "${patterns[@]}"; do
  if found="$(pgrep -af -- "$pattern")"; then
    fail "a process of this checkout is still running after down: $found"
  fi
done
say "ok: down stopped all ${#pids[@]} processes up started (${pids[*]}); none of this checkout is left"
say "PASSED"
