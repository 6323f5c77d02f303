-- One phone number holds at most one active place in a slot (issue 8 item 11): a second
-- booking of the same phone for the same day and time is refused by this index, inside the
-- booking's transaction, so two requests sent at once cannot both pass. Cancelled bookings do
-- not count; a checked-in booking still holds its place.
--
-- Bookings made before the rule may already hold two places: the later ones (by created_at,
-- then id) are cancelled here and the slot counts recomputed from the bookings that remain, so
-- that the index can be built and no place stays taken by a cancelled booking.
UPDATE bookings SET status = 'cancelled', cancelled_at = updated_at
WHERE status <> 'cancelled' AND EXISTS (
    SELECT 1 FROM bookings e
    WHERE e.commune_id = bookings.commune_id AND e.phone = bookings.phone AND e.day = bookings.day
      AND e.start_minute = bookings.start_minute AND e.status <> 'cancelled'
      AND (e.created_at < bookings.created_at OR (e.created_at = bookings.created_at AND e.id < bookings.id)));

UPDATE booking_slots SET booked = (
    SELECT count(*) FROM bookings b
    WHERE b.commune_id = booking_slots.commune_id AND b.day = booking_slots.day
      AND b.start_minute = booking_slots.start_minute AND b.counter = booking_slots.counter
      AND b.status <> 'cancelled');

CREATE UNIQUE INDEX bookings_phone_slot ON bookings (commune_id, phone, day, start_minute) WHERE status <> 'cancelled';
