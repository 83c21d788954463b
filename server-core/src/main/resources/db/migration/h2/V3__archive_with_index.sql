-- H2 (the embedded deployment): drop the (domain, localpart, store, with_jid, seq) index of V2.
-- Why: every message is archived twice (sender and recipient) and on H2 this index made each insert cost about
-- three times the CPU of an insert without it (MVStore rewrites each B-tree page an insert dirties at commit).
-- What it costs: a query filtered by 'with' now walks the owner's entries in seq order on archive_owner
-- (domain, localpart, store, seq) and skips those of other parties; that is proportional to the owner's archive,
-- which is fine for the archives of an embedded server. Deployments with large archives should use PostgreSQL,
-- which keeps the index (postgresql/ has no override; the shared V3 does nothing).
DROP INDEX IF EXISTS archive_owner_with;
