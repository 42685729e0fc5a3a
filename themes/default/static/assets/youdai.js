/* youdai: progressive enhancements; the site works without it. */
