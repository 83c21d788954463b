-- PostgreSQL version of ../V1__accounts.sql. It differs only in COLLATE "C" on the key columns: binary order for
-- ORDER BY localpart (the same order as H2 and the memory store, whatever the database locale) and index use
-- for prefix searches. JID parts are compared exactly (after PRECIS), never by locale.
CREATE TABLE IF NOT EXISTS accounts (
    domain     VARCHAR(1023) COLLATE "C" NOT NULL,
    localpart  VARCHAR(1023) COLLATE "C" NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (domain, localpart)
);

-- algorithm is the SASL mechanism name, e.g. SCRAM-SHA-256.
CREATE TABLE IF NOT EXISTS scram_credentials (
    domain     VARCHAR(1023) COLLATE "C" NOT NULL,
    localpart  VARCHAR(1023) COLLATE "C" NOT NULL,
    algorithm  VARCHAR(32)   NOT NULL,
    salt       BYTEA         NOT NULL,
    iterations INTEGER       NOT NULL CHECK (iterations > 0),
    stored_key BYTEA         NOT NULL,
    server_key BYTEA         NOT NULL,
    PRIMARY KEY (domain, localpart, algorithm),
    FOREIGN KEY (domain, localpart) REFERENCES accounts (domain, localpart) ON DELETE CASCADE
);
