# youdai import: every message says where in the sheet (row, column letter, header text) and
# what to do about it.

import-out-outside = --out { $out } must be a .yaml file under { $folder }, where `youdai check` reads { $kind }
import-no-such-file = { $file }: no such file
import-not-ours = { $out } exists and was not written by youdai import, so importing would replace hand-written entries; choose another --out
import-mapping-unreadable = cannot read the mapping { $file }: { $reason }
import-option = { $option }: { $why }
import-no-header = no header row: none of the first 10 rows names two known columns (such as 序号, 优待内容, 优待对象, 责任单位); name the columns, or add their names to import-mapping.yaml
import-column-unmapped = column { $column } `{ $label }` is not imported: no field is mapped to it; add `{ $label }: FIELD` (or `{ $label }: "-"`) to import-mapping.yaml
import-column-doubled = column { $column } `{ $label }` is not imported: column { $first } already gives `{ $field }`
import-section-heading = row { $row }: section heading: { $why }
import-section-no-category = no category: the section heading above names no category of site.yaml
import-field-empty = { $label } ({ $field }) is empty; every { $kind } needs it
import-number-twice = number { $number } is also used in row { $first }; numbers must be unique
import-id-twice = id `{ $id }` is also used in row { $first }; ids must be unique
import-id-elsewhere = id `{ $id }` is already used in { $file }; ids must be unique
import-row-not-yaml = the row could not be written as YAML
import-unknown-id = unknown id `{ $id }`
import-unknown-name = unknown { $what } `{ $text }`; site.yaml has: { $listing }. Use one of these, or add `{ $text }: <id>` under values: { $section }: in import-mapping.yaml
import-not-degrees = `{ $text }` is not a number; write degrees such as 37.68
import-not-a-date = `{ $text }` is not a date; write it like 2025-12-31
import-not-yes-no = `{ $text }` is neither yes (是) nor no (否)
import-location-half = a location needs both 纬度 (lat) and 经度 (lon)
import-skipped = skipped: { $message }
import-missing-column = the sheet has no column for { $what }; name one in the header row, or map its name in import-mapping.yaml
import-missing-region = the sheet has no column for 地区 (region), and site.yaml has several top regions; name one in the header row, map its name in import-mapping.yaml, or give the region of every row with --region
import-listing-item = { $name } ({ $id })
import-no-review-column = the sheet has no column for the date each row was last reviewed (核对日期, updated), so the entries get no `updated`; youdai never writes the day of the import instead. Add a column such as 核对日期 with the date each row was checked
import-at-cell = row { $row }, column { $column } ({ $label }): { $message }
import-at-row = row { $row }: { $message }
import-list-separator = {", "}
import-zero-restored = row { $row }, column { $column } ({ $label }): `{ $text }` was stored as a number and lost its leading zero; imported as "{ $phone }": check it, and format the column as text
import-zero-restored-rows = rows { $rows } ({ $count } rows), column { $column } ({ $label }): phone numbers were stored as numbers and lost their leading zero; imported with the zero put back (row { $row }: `{ $text }` as "{ $phone }"): check them, and format the column as text
import-overlap = { $count ->
        [one] 1 row of this sheet is
       *[other] { $count } rows of this sheet are
    } already in { $file } ({ $kind ->
        [partners] the same name, region and address
       *[other] the same number, title and region
    }: row { $row } is the entry at line { $line } there); importing them into { $out } would list them twice. To replace { $file } with this sheet, import it with --out { $file }
import-overlap-by-hand = { $count ->
        [one] 1 row of this sheet is
       *[other] { $count } rows of this sheet are
    } already in { $file } ({ $kind ->
        [partners] the same name, region and address
       *[other] the same number, title and region
    }: row { $row } is the entry at line { $line } there); importing them into { $out } would list them twice. { $file } is kept by hand: delete these rows from the sheet or from { $file }, so that each entry is written once

# Reading the sheet
import-wrong-format = { $file }: import reads .xlsx, .xls, .ods or .csv files; save the sheet in one of these formats
import-csv-encoding = the CSV file is neither UTF-8 nor GB18030 text; save it as "CSV UTF-8"
import-csv-unreadable = the CSV file cannot be read: { $reason }
import-cannot-read = cannot read { $file }: { $reason }
import-no-such-sheet = { $file } has no sheet named `{ $sheet }`; its sheets are: { $sheets }
import-sheets-empty = { $file }: every sheet is empty

# The mapping (import-mapping.yaml)
import-built-in-mapping = (built-in mapping)
import-mapping-whole = the mapping
import-mapping-unknown-section = unknown section `{ $section }` in the mapping; it has benefits, partners and values
import-mapping-column-form = write each column as `column name: field`
import-mapping-not-a-field = `{ $field }` is not a field of a { $kind }{ $hint }; the fields are { $fields }
import-mapping-card-value = write true or false for requires_card values
import-mapping-unknown-list = unknown list `{ $list }` in values; it has groups, regions, categories, partner_kinds and requires_card
import-mapping-not-lines = `{ $what }` must be written as `name: value` lines

# Sheets past the sizes youdai reads
import-bounds-reads = youdai reads sheets of at most { $rows } rows and { $columns } columns (A to { $last })
import-bounds-file = the file is { $size }; youdai imports sheets of at most { $max } (a catalog of 300 rows is under 1 MB); save a copy with only the catalog's rows and columns
import-fix-delete = delete what is there, or copy the catalog's rows into a new sheet
import-fix-unmerge = unmerge it, and merge only cells of the catalog
import-fix-save-again = copy the catalog's rows into a new sheet, or open the file in Excel or WPS and save it again
import-bounds-cell = cell { $cell }
import-bounds-merged-range = merged range { $first }:{ $last }
import-bounds-dimension = the sheet's dimension { $first }:{ $last }
import-bounds-repeated = cell { $cell }, repeated { $across } times across and { $down } times down,
import-bounds-reaches = { $what } reaches past what youdai reads: { $reads }; { $fix }
import-bounds-cell-text = row { $row }, column { $column }: the cell holds { $chars } characters; a cell holds at most { $max } (as in Excel); shorten it, or put the long text in the entry's Markdown file
import-bounds-span-before = {", "}and the sheets before it { $cells }
import-bounds-span = the filled cells span { $first } to { $last }, { $rows } rows of { $columns } columns{ $others } ({ $cells } cells); youdai reads at most { $max } (such as { $max_rows } rows of { $max_columns } columns); save a copy with only the catalog's rows and columns
import-bounds-text = the cells up to { $cell } hold more than { $max } of text (a catalog of 300 rows holds under 1 MB; text that a merged range, a shared string or a repeated cell shows in many cells counts in each); save a copy with only the catalog's rows and columns
import-bounds-cells = the sheet holds more than { $max } cells; youdai reads at most that many; save a copy with only the catalog's rows and columns
import-bounds-merged-overlap = the merged ranges cover more than { $max } cells (they overlap); unmerge them, then merge only the cells each heading spans
import-bounds-part = the workbook's part { $part } unpacks from { $packed } to { $size } bytes ({ $megabytes }, { $ratio } to 1); youdai reads parts of at most { $max } that pack at most { $max_ratio } to 1, as a spreadsheet program writes them; this file is damaged or made to exhaust memory: open it in Excel or WPS and save it again
import-bounds-parts = the workbook's parts unpack to more than { $max } in all; youdai reads workbooks of at most that; save a copy with only the catalog's sheet
import-bounds-workbook-cells = the workbook's sheets hold more than { $max } cells; youdai reads at most that many; save a copy with only the catalog's sheet
import-bounds-sheets-overlap = the workbook's sheets overlap, which no spreadsheet program writes; open the file in Excel or WPS and save it again

# What the import did
import-done = imported { $count } { $kind } into { $out }
import-done-skipped = imported { $count } { $kind } into { $out } ({ $skipped ->
        [one] 1 row
       *[other] { $skipped } rows
    } skipped)
import-next = next: youdai check
import-record-written = the skipped rows are listed in { $record }; youdai check reports them until they are imported (an import of this sheet that skips no row removes the list)
import-rows-refused = { $count ->
        [one] 1 row cannot be imported; nothing was written. Fix the row
       *[other] { $count } rows cannot be imported; nothing was written. Fix the rows
    } in the sheet, or import the other { $good } rows with --force
import-no-rows = the sheet has no rows to import; nothing was written

# The record of skipped rows (import-skipped/), and what youdai check says of it
import-record-head = Rows that youdai import --force left out. youdai check warns about each one until it is imported: correct it in the sheet and import again (an import that skips no row deletes this file), or delete this file.
import-record-unreadable = this is not a list of skipped rows as youdai import writes it (it needs sheet:, out: and skipped:); import the sheet again, or delete this file
import-record-at-cell = row { $row }, column { $column } ({ $header })
import-record-at-column = row { $row }, column { $column }
import-record-at-row = row { $row }
import-record-row = { $at } of { $sheet } was not imported into { $out }: { $reason }. Correct it in the sheet and import again (youdai import { $sheet } --kind { $kind } --out { $out }; an import that skips no row removes this list), or, if the row is not wanted, delete { $record }
import-folder-link = { $folder } is a symbolic link; youdai never writes through links, so that nothing lands outside the site: put the folder itself there
