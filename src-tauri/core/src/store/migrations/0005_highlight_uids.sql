-- Haven library, schema 5: every highlight gets an id of its own that is the same in every copy of the library
-- (a random UUID, version 4), so one exported from here and merged back, or into another library, is known again
-- and never doubled. Row ids differ between libraries; this does not.
ALTER TABLE highlights ADD COLUMN uid TEXT;
UPDATE highlights SET uid =
    lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)
    || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-'
    || lower(hex(randomblob(6)));
CREATE UNIQUE INDEX highlights_by_uid ON highlights (uid);
