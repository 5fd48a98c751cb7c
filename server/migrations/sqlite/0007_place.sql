-- Where staff collected a submission (an event or a place), if they said.
ALTER TABLE submissions ADD COLUMN place TEXT;
