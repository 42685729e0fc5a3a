//! The editors' tools, in one place: the spreadsheet import, the JSON Schemas for VS Code,
//! the Decap web form, a new site's files, and the YAML they write. They read the site
//! through `content` and write through `output::write_file`; the CLI calls them.

pub mod cms;
pub mod import;
pub mod scaffold;
pub mod schema;
pub mod yaml_out;
