# The command line: usage errors, what build and check did.

cli-bad-source-date-epoch = SOURCE_DATE_EPOCH `{ $value }` is not a number of seconds
cli-no-root = --root { $root }: no such folder
cli-out-link = --out { $out } is a symbolic link, and links are never followed; give the folder itself
cli-out-file = --out { $out } is a file, not a folder; choose a folder such as public/
cli-out-root = --out { $out } would replace the site root itself; choose a folder such as public/
cli-out-sources = --out { $out } is inside { $folder }/, which holds the site's sources; choose a folder such as public/
cli-out-not-empty = --out { $out } is a folder with other files in it, and a build replaces its output folder whole; choose an empty or new folder, or a folder youdai built before
errors-nothing-written = { $count ->
    [one] { $count } error; nothing was written
   *[other] { $count } errors; nothing was written
}
cli-cannot-write = cannot write { $path }: { $reason }
cli-cannot-replace = cannot replace { $path }: { $reason }
cli-old-output-left = the new site is in place, but the previous output could not be removed and is left at { $path } ({ $reason }); the next build tries again, or delete it by hand
cli-built = built { $files } files ({ $benefits } benefits, { $partners } partners, { $notices } notices, { $pages } pages) into { $out } in { $seconds } s [{ $stages }]
cli-check-ok = ok: { $benefits } benefits, { $partners } partners, { $notices } notices, { $pages } pages
cli-new-created = created a new site in { $dir }
cli-new-not-empty = { $dir } already exists and is not empty; choose a new folder
cli-cannot-create = cannot create { $path }: { $reason }
stage-load = load
stage-theme = theme
stage-render = render+write
stage-swap = swap

# Help (youdai --help) and usage errors
help-template =
    {"{"}about{"}"}

    Usage: {"{"}usage{"}"}

    {"{"}all-args{"}"}
help-usage-word = Usage:
help-heading-commands = Commands
help-heading-options = Options
help-heading-arguments = Arguments
help-youdai = 优待: static sites for benefit catalogs, discount partners and notices
help-arg-help = Print help
help-arg-version = Print version
help-arg-root = The site root: the folder that holds content/ (default: the current folder)
help-arg-today = The day that decides what is current, expired or not yet valid, YYYY-MM-DD
help-arg-lang = The language of messages: zh (Chinese, the default) or en; or set YOUDAI_LANG
help-build = Build the site into the output folder (default: ROOT/public)
help-build-out = The output folder, replaced whole by a successful build
help-arg-base_url = Override base_url from site.yaml, e.g. for a staging copy
help-check = Check the content and report every error without writing anything
help-arg-format = text (default), json (machine-readable) or github (annotations for pull requests)
help-arg-external = Also open every link to another site (and partner websites) and report those that do not open; needs network access
help-serve = Preview the site on a local web server, rebuilding as files change
help-arg-bind = The address to listen on; loopback only unless told otherwise
help-arg-port = The port
help-new = Create a small working site to start from
help-new-dir = The folder to create; it must not exist or be empty
help-import = Import a spreadsheet (XLSX or CSV) of benefits or partners as a YAML file
help-arg-file = The sheet: .xlsx, .xls, .ods or .csv; its header row names the columns
help-arg-kind = What the rows are: benefits or partners
help-import-out = The YAML file to write, under content/benefits/ or content/partners/
help-arg-force = Write the good rows even when some rows cannot be imported
help-arg-mapping = Header and value mapping (default: ROOT/import-mapping.yaml, else built in)
help-arg-sheet = The sheet of a workbook to read (default: the first that is not empty)
help-arg-category = The category of rows that name none (an id or name from site.yaml)
help-arg-region = The region of rows that name none (an id or name from site.yaml)
help-schema = Write JSON Schemas for site.yaml and each kind of entry, for editors such as VS Code
help-schema-dir = The folder to write the schemas into, such as schema
help-cms = Write a Decap CMS web editing form (admin/config.yml and admin/index.html)
help-cms-out = Where to write (default: ROOT/content/static/admin, published at BASE_URL/admin/)
help-arg-backend = The git host the form commits through: github, gitlab, gitea or git-gateway
help-arg-repo = owner/name of the site's repository (default: from the `origin` remote)
help-arg-branch = The branch to commit to
help-arg-git_host = A self-hosted git server, such as https://git.example.gov.cn
help-arg-app_id = The OAuth application id (GitLab and Gitea)
usage-unknown-argument = unexpected argument `{ $arg }`
usage-unknown-command = there is no command `{ $command }`
usage-invalid-value = `{ $value }` is not a value of { $arg }; possible values: { $valid }
usage-missing-argument = a required argument is missing: { $arg }
usage-missing-command = say what to do: build, check, serve, new, import, schema or cms
usage-bad-value = invalid value for { $arg }: { $why }
usage-once = { $arg } may be given only once
usage-conflict = { $arg } cannot be used with { $other }
usage-other = wrong usage ({ $detail })
usage-did-you-mean = (did you mean `{ $suggestion }`?)
usage-line = Usage: { $usage }
usage-more-help = For more information, run youdai --help
stage-search = search (alongside render)
