-- The vehicle class a lane assumes for a car nothing else classifies (no booking, no registered vehicle): a
-- motorcycle lane's riders pay the motorcycle rate, not the site's first class. NULL: the site's first class, as
-- before. Checked against the site's classes when saved (classes come from the site file, so no foreign key).
ALTER TABLE lane_settings ADD COLUMN default_vehicle_class TEXT CHECK (default_vehicle_class IS NULL OR default_vehicle_class GLOB '[a-z]*');

-- The booth's day list: every booking arriving in a day, whatever became of it (cancelled, no-show, completed too),
-- found by its start without reading years of bookings.
CREATE INDEX bookings_starts ON bookings(starts_at);
