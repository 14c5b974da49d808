-- users, their order statistics (kept from keel/order/* events) and the events already counted
CREATE TABLE user_users (
  id          VARCHAR(36)  NOT NULL PRIMARY KEY,
  name        VARCHAR(200) NOT NULL,
  email       VARCHAR(254) NOT NULL,
  order_count BIGINT       DEFAULT 0 NOT NULL,
  created_at  TIMESTAMP    NOT NULL,
  CONSTRAINT user_users_email UNIQUE (email)
);

CREATE TABLE user_totals (
  user_id  VARCHAR(36) NOT NULL,
  currency CHAR(3)     NOT NULL,
  total    BIGINT      NOT NULL,
  PRIMARY KEY (user_id, currency)
);

CREATE TABLE user_seen_events (
  event_key VARCHAR(200) NOT NULL PRIMARY KEY,
  seen_at   TIMESTAMP    NOT NULL
);
