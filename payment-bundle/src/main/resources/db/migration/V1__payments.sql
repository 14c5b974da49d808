-- payments (one per idempotency key) and refunds
CREATE TABLE payment_payments (
  id              VARCHAR(36)  NOT NULL PRIMARY KEY,
  idempotency_key VARCHAR(200) NOT NULL,
  order_id        VARCHAR(64)  NOT NULL,
  amount          BIGINT       NOT NULL,
  currency        CHAR(3)      NOT NULL,
  status          VARCHAR(20)  NOT NULL,
  fee             BIGINT       NOT NULL,
  refunded        BIGINT       DEFAULT 0 NOT NULL,
  reason          VARCHAR(500),
  created_at      TIMESTAMP    NOT NULL,
  CONSTRAINT payment_payments_key UNIQUE (idempotency_key)
);

CREATE TABLE payment_refunds (
  id         VARCHAR(36) NOT NULL PRIMARY KEY,
  payment_id VARCHAR(36) NOT NULL,
  amount     BIGINT      NOT NULL,
  created_at TIMESTAMP   NOT NULL
);
