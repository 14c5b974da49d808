-- each user's password hash (the kernel's Passwords: algorithm, cost, salt and hash in one string), kept apart
-- from user_users so that no query of users reads it; users registered before this migration have none
CREATE TABLE user_credentials (
  user_id       VARCHAR(36)  NOT NULL PRIMARY KEY,
  password_hash VARCHAR(512) NOT NULL,
  CONSTRAINT user_credentials_user FOREIGN KEY (user_id) REFERENCES user_users (id)
);
