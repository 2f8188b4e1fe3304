-- Warnings of catalog import rows that import all the same (issue 14): a value the importer leaves out rather than
-- store it damaged, such as a barcode a spreadsheet turned into scientific notation (3.65275E+11). The error report
-- lists them with the rejected rows; they are never counted as rejected. One per (import, row), like
-- import_rejections, so a restarted job cannot record a row's warnings twice.
CREATE TABLE import_warnings (
    import_id bigint NOT NULL,
    row_no    bigint NOT NULL,
    columns   text   NOT NULL,
    codes     text   NOT NULL,
    messages  text   NOT NULL,
    vals      text   NOT NULL,
    original  jsonb  NOT NULL,
    PRIMARY KEY (import_id, row_no)
);

GRANT SELECT, INSERT ON import_warnings TO bazaar_app;
