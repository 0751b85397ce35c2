-- A card reader's secret is read from an allowed environment variable when the reader starts, never kept here:
-- an inline key saved before this version is dropped (the reader then says which variable to set).
UPDATE devices SET config = json_remove(config, '$.secretKey') WHERE kind = 'terminal' AND json_extract(config, '$.secretKey') IS NOT NULL;
