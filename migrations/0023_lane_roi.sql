-- A lane's region of interest: the part of its camera's picture where the lane's plates appear, as a JSON object
-- {x, y, width, height} in fractions of the picture (0..1 from the top-left), so it holds at any resolution the
-- camera sends. The plate reader looks for plates there only (a sign, the next lane's car or a passing car never
-- competes). NULL: the whole picture, as before. The core validates the object (contract/lanes.ts) on every save
-- and read; the CHECK keeps a hand edit from storing something that is not an object.
ALTER TABLE lane_settings ADD COLUMN roi TEXT CHECK (roi IS NULL OR (json_valid(roi) AND json_type(roi) = 'object'));
