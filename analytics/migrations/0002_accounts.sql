-- 0002: accounts and sessions of the write server (peil serve --write).

-- Accounts. Passwords are kept only as argon2id hashes (PHC string format).
CREATE TABLE users (
    name          VARCHAR PRIMARY KEY,
    role          VARCHAR NOT NULL,
    password_hash VARCHAR NOT NULL,
    disabled      BOOLEAN NOT NULL,
    created       TIMESTAMP NOT NULL
);

-- Server-side sessions. id_hash is the SHA-256 of the cookie's 256-bit id: the
-- id itself is never stored.
CREATE TABLE sessions (
    id_hash    VARCHAR PRIMARY KEY,
    user_name  VARCHAR NOT NULL,
    csrf_token VARCHAR NOT NULL,
    created    TIMESTAMP NOT NULL,
    last_seen  TIMESTAMP NOT NULL
);
