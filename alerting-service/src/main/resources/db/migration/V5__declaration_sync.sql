-- A declaration's end with the platform (DeclarationSettled): per parcel, since a declaration names its numbers and
-- a correction may leave some of an order's numbers acknowledged and others refused.
ALTER TABLE ops_parcels ADD COLUMN acknowledged_at timestamptz;  -- the platform acknowledged the declaration carrying it
ALTER TABLE ops_parcels ADD COLUMN refused_at      timestamptz;  -- the platform refused it for good; cleared by a later acknowledgement
ALTER TABLE ops_parcels ADD COLUMN refused_errcode int;

