CREATE TABLE late_below (x INTEGER);
