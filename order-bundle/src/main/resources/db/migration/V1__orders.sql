-- orders and their lines; an order is recorded (PENDING) before it is charged
CREATE TABLE order_orders (
  id         VARCHAR(36)  NOT NULL PRIMARY KEY,
  user_id    VARCHAR(36)  NOT NULL,
  total      BIGINT       NOT NULL,
  currency   CHAR(3)      NOT NULL,
  status     VARCHAR(20)  NOT NULL,
  payment_id VARCHAR(36),
  reason     VARCHAR(500),
  created_at TIMESTAMP    NOT NULL
);

CREATE INDEX order_orders_user ON order_orders (user_id, created_at);

CREATE TABLE order_items (
  order_id   VARCHAR(36) NOT NULL,
  line       INT         NOT NULL,
  sku        VARCHAR(64) NOT NULL,
  quantity   INT         NOT NULL,
  unit_price BIGINT      NOT NULL,
  PRIMARY KEY (order_id, line)
);
