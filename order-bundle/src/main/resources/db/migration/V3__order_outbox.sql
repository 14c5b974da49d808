-- the transactional outbox: an order's event is recorded in the transaction that changes the order,
-- and deleted once it was delivered; what a crash left behind is delivered when the plugin starts
CREATE TABLE order_outbox (
  order_id   VARCHAR(36) NOT NULL,
  topic      VARCHAR(64) NOT NULL,
  user_id    VARCHAR(36) NOT NULL,
  total      BIGINT      NOT NULL,
  currency   CHAR(3)     NOT NULL,
  status     VARCHAR(20) NOT NULL,
  PRIMARY KEY (order_id, topic)
);
