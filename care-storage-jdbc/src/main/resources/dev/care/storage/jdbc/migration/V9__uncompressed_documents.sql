-- Journal documents (a purchase's posting with its lots is about 2.3 kB) and care states are a
-- little over the 2 kB at which PostgreSQL starts compressing a row's large values (pglz) by
-- default: every append and every care-state update then paid a compression, and every read a
-- decompression, to save a few hundred bytes. Rows up to a full page stay as written; longer ones
-- are still compressed or moved out of line as before. Applies to rows written from now on.
ALTER TABLE ${prefix}journal SET (toast_tuple_target = 8160);
ALTER TABLE ${prefix}care_state SET (toast_tuple_target = 8160);
