-- an order placed with an Idempotency-Key is stored once per key (orders without one keep NULL)
ALTER TABLE order_orders ADD COLUMN idempotency_key VARCHAR(200);

CREATE UNIQUE INDEX order_orders_key ON order_orders (idempotency_key);
