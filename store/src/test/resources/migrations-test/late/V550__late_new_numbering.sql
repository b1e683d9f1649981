CREATE TABLE late_above (x INTEGER);
