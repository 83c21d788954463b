-- Local accounts and their SCRAM credentials (DESIGN.md §5; RFC 5802 §3: salted keys only, never passwords).
-- (domain, localpart) is the account key; every per-account table of a later store references it with
-- ON DELETE CASCADE, so deleting the account deletes everything stored for it.
CREATE TABLE IF NOT EXISTS accounts (
    domain     VARCHAR(1023) NOT NULL,
    localpart  VARCHAR(1023) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (domain, localpart)
);

-- algorithm is the SASL mechanism name, e.g. SCRAM-SHA-256.
CREATE TABLE IF NOT EXISTS scram_credentials (
    domain     VARCHAR(1023) NOT NULL,
    localpart  VARCHAR(1023) NOT NULL,
    algorithm  VARCHAR(32)   NOT NULL,
    salt       BYTEA         NOT NULL,
    iterations INTEGER       NOT NULL CHECK (iterations > 0),
    stored_key BYTEA         NOT NULL,
    server_key BYTEA         NOT NULL,
    PRIMARY KEY (domain, localpart, algorithm),
    FOREIGN KEY (domain, localpart) REFERENCES accounts (domain, localpart) ON DELETE CASCADE
);
