-- each user's password hash (the kernel's Passwords: algorithm, cost, salt and hash in one string), written in the
-- same INSERT as the user; no query of users selects it but the login's. Users registered before have none
ALTER TABLE user_users ADD COLUMN password_hash VARCHAR(512);
