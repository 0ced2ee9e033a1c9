-- Haven library, schema 6: the reader's own safety plan (the Stanley-Brown steps, and an optional relapse
-- prevention plan), one row per entry. An entry is removed only when the reader removes it.
CREATE TABLE plan_items (
    id         INTEGER PRIMARY KEY,
    section    TEXT    NOT NULL CHECK (section IN ('warning_signs', 'coping', 'distractions', 'people',
                   'professionals', 'safe_environment', 'reasons', 'triggers', 'early_signs', 'instead',
                   'who_i_call', 'after_slip')),
    position   INTEGER NOT NULL,
    text       TEXT    NOT NULL DEFAULT '',
    phone      TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,                 -- unix milliseconds
    updated_at INTEGER NOT NULL
);
CREATE INDEX plan_items_by_section ON plan_items (section, position, id);
