-- The plugin's own table. The kernel applies V<n>__*.sql files of db/migration (the Keel-Migrations
-- header of the bundle) in order before the plugin starts, once each; add V2__..., never edit an applied one.
CREATE TABLE ${pluginName}_item (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    quantity    INT          NOT NULL,
    owner       VARCHAR(64),
    created_by  VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP    NOT NULL
);
