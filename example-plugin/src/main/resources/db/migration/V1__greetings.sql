-- every greeting the example plugin answered
CREATE TABLE greeting_log (
  name     VARCHAR(100) NOT NULL,
  greeted  TIMESTAMP    NOT NULL
);
