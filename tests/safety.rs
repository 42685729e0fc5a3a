//! Hostile or careless content, and careless command lines: Markdown HTML is sanitized, text
//! is escaped, a failed build leaves the previous site alone, and `--out` cannot destroy
//! the sources.
//!
//! The fixture `tests/fixtures/unsafe` has, for each kind of page, an entry whose Markdown
//! carries `<script>`, `onerror=`, `onclick=` and `javascript:` links, and a clean twin.

mod common;

use common::*;

const FORBIDDEN: &[&str] = &[
    "onerror",
    "onclick",
    "onmouseover",
    "javascript:",
    "<iframe",
];

/// Asserts that `page` (lowercased) has none of the forbidden strings, and no more `<script`
/// tags than its clean twin (the theme's own scripts, if any).
fn assert_sanitized(site: &Site, page: &str, clean_twin: &str) {
    let text = site.page(page).to_lowercase();
    let twin = site.page(clean_twin).to_lowercase();
    for bad in FORBIDDEN {
        assert!(!text.contains(bad), "{page} contains `{bad}`");
    }
    assert_eq!(
        count(&text, "<script"),
        count(&twin, "<script"),
        "{page} has a <script> that its clean twin {clean_twin} has not"
    );
}

#[test]
fn raw_html_in_markdown_is_sanitized_on_every_page() {
    let site = built("unsafe");
    // The payloads were there to be removed: the pages do show the harmless text.
    assert!(site
        .page("benefits/evil-md/index.html")
        .contains("正文开始。"));
    assert_sanitized(
        &site,
        "benefits/evil-md/index.html",
        "benefits/clean/index.html",
    );
    assert_sanitized(
        &site,
        "benefits/evil-yaml/index.html",
        "benefits/clean/index.html",
    );
    assert_sanitized(
        &site,
        "partners/evil-shop/index.html",
        "partners/clean-shop/index.html",
    );
    assert_sanitized(&site, "notices/evil/index.html", "notices/clean/index.html");
    assert_sanitized(&site, "evil/index.html", "clean/index.html");

    // The feed carries the notice's HTML escaped once: no script there either.
    let feed = site.page("notices/atom.xml").to_lowercase();
    for bad in ["<script", "&lt;script", "onerror", "javascript:"] {
        assert!(!feed.contains(bad), "notices/atom.xml contains `{bad}`");
    }
}

#[test]
fn titles_and_summaries_are_escaped() {
    let site = built("unsafe");
    for page in [
        "benefits/evil-md/index.html",
        "benefits/index.html",
        "categories/life/index.html",
    ] {
        let html = site.page(page);
        assert!(
            html.contains("&lt;b&gt;粗体"),
            "{page}: `<b>` in a title is escaped"
        );
        assert!(
            !html.contains("<b>粗体"),
            "{page}: no raw `<b>` from a title"
        );
        assert!(html.contains("&amp; "), "{page}: `&` is escaped");
        assert!(
            !html.contains("\"引号\""),
            "{page}: quotes in a title cannot end an attribute"
        );
        assert!(
            !html.contains("<i>标签"),
            "{page}: no raw `<i>` from a summary"
        );
    }
    let notices = site.page("notices/index.html");
    assert!(
        notices.contains("公告 &lt;b&gt;加粗&lt;/b&gt; &amp; 说明")
            || notices.contains("公告 &lt;b&gt;加粗&lt;&#x2F;b&gt; &amp; 说明")
    );
    assert!(!notices.contains("<b>加粗"));
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let s = Scratch::of("basic");
    // The default output folder, public/ under the site root.
    let root = s.root();
    let public = root.join("public");
    let args = ["build", "--root", root.to_str().unwrap(), "--today", TODAY];
    youdai_in(s.path(), &args).expect_code(0);
    let before = tree(&public);
    assert!(before.contains_key("benefits/water-discount/index.html"));

    // An editor breaks a file: the build fails and the site stays as it was.
    let good = std::fs::read_to_string(root.join("content/benefits/single.yaml")).unwrap();
    s.write(
        "content/benefits/single.yaml",
        &good.replace("region: city", "region: nowhere"),
    );
    youdai_in(s.path(), &args).expect_code(1);
    assert_same_tree(&before, &tree(&public));
    let beside: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "content" && n != "public")
        .collect();
    assert!(
        beside.is_empty(),
        "nothing left beside the output: {beside:?}"
    );

    // Fixed, with an entry deleted: the new build has nothing of it.
    s.write("content/benefits/single.yaml", &good);
    s.remove("content/benefits/water-discount.md");
    youdai_in(s.path(), &args).expect_code(0);
    let after = Site(public.clone());
    assert!(
        !after.has("benefits/water-discount/index.html"),
        "the deleted entry's page is gone"
    );
    assert!(
        !public.join("benefits/water-discount").exists(),
        "and its folder"
    );
    assert!(!after.page("api/catalog.json").contains("water-discount"));
    assert!(!after.page("sitemap.xml").contains("water-discount"));
    assert!(
        after.has("benefits/free-bus/index.html"),
        "the rest is rebuilt"
    );
}

#[test]
fn a_failed_build_does_not_create_the_output_folder() {
    let s = Scratch::of("basic");
    s.write("content/benefits/bad.yaml", "id: Bad_ID\n");
    s.build(&[]).expect_code(1);
    assert!(
        !s.out().exists(),
        "no output folder after a failed first build"
    );
    let left: Vec<String> = std::fs::read_dir(s.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["site"], "nothing was written beside the site");
}

#[test]
fn out_may_not_be_the_site_root_or_inside_its_sources() {
    let s = Scratch::of("basic");
    let root = s.root();
    let before = tree(&root);
    let refused = |out: std::path::PathBuf| {
        let run = build(&root, &out, &[]);
        run.expect_code(2);
        assert!(!run.stderr.trim().is_empty(), "the refusal is explained");
        assert_same_tree(&before, &tree(&root));
    };
    refused(root.clone());
    refused(root.join("."));
    refused(root.join("content"));
    refused(root.join("content/public"));
    assert!(
        !root.join("content/public").exists(),
        "the refused folder is not created"
    );
    refused(root.join("content/benefits/out"));
    // A folder that holds the site root would replace it too.
    refused(s.path().to_path_buf());
}

#[cfg(unix)]
#[test]
fn links_to_files_outside_the_site_are_not_followed() {
    let s = Scratch::of("basic");
    let secret = s.path().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET-OUTSIDE-THE-SITE").unwrap();
    std::os::unix::fs::symlink(&secret, s.root().join("content/static/files/leak.txt")).unwrap();
    std::os::unix::fs::symlink(s.path(), s.root().join("content/static/up")).unwrap();
    let run = s.build(&[]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    for (path, bytes) in tree(&s.out()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("TOP-SECRET-OUTSIDE-THE-SITE"),
            "{path} holds a file read from outside the site"
        );
    }
}

#[test]
fn an_attachment_may_not_leave_content_static() {
    let s = Scratch::of("basic");
    std::fs::write(s.path().join("secret.txt"), "TOP-SECRET-OUTSIDE-THE-SITE").unwrap();
    // `attachments: [` is 14 characters: the path is at line 4, column 15.
    s.write(
        "content/notices/2025-05-30-escape.md",
        "---\ntitle: 越界附件\ndate: 2025-05-30\nattachments: [../../secret.txt]\n---\n正文。\n",
    );
    let run = s.build(&[]);
    let place = "content/notices/2025-05-30-escape.md:4:15: ";
    assert!(
        run.stderr.lines().any(|l| l.starts_with(place)),
        "the attachment is reported at {place}\n{}",
        run.stderr
    );
    for (path, bytes) in tree(&s.out()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("TOP-SECRET-OUTSIDE-THE-SITE"),
            "{path} holds a file read from outside the site"
        );
    }
}

#[test]
fn a_page_or_static_file_cannot_take_the_place_of_a_generated_file() {
    let mut wrong = Vec::new();
    for (rel, text) in [
        (
            "content/pages/benefits.md",
            "---\ntitle: 冒名页面\n---\n正文。\n",
        ),
        (
            "content/pages/notices.md",
            "---\ntitle: 冒名页面\n---\n正文。\n",
        ),
        ("content/static/index.html", "<p>not the home page</p>\n"),
        ("content/static/api/catalog.json", "{}\n"),
        ("content/static/sitemap.xml", "<urlset/>\n"),
        ("content/static/notices/atom.xml", "<feed/>\n"),
    ] {
        let s = Scratch::of("basic");
        s.write(rel, text);
        let run = s.build(&[]);
        let reported = run
            .errors()
            .iter()
            .any(|l| l.starts_with(&format!("{rel}:")));
        if run.code != 1 || !reported || s.out().exists() {
            wrong.push(format!(
                "{rel}: exit {}, reported: {reported}, output written: {}\n{}",
                run.code,
                s.out().exists(),
                run.stderr
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "each must fail with an error at its file and write nothing:\n{}",
        wrong.join("\n")
    );
}
