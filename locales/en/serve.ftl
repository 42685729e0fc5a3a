# The preview server (youdai serve)

serve-cannot-start-builds = cannot start the build threads: { $reason }
serve-cannot-start-reload = cannot start the reload thread: { $reason }
serve-cannot-start-requests = cannot start the request threads
serve-cannot-start-watcher = cannot start the watcher thread: { $reason }
serve-polling-only = no file events here; checking for changes a few times a second
serve-no-watch = { $reason }; changes will not show until you restart
serve-no-events-for = cannot get file events for { $dir }; checking it every { $ms } ms instead
serve-not-loopback = listening on { $addr }, which other machines may reach; the preview is meant for this computer (leave out --bind)
serve-serving = serving { $root } at { $url } (Ctrl-C to stop)
serve-stopped = stopped
serve-changed = changed { $names }
serve-changed-more = changed { $names } and { $more } more
serve-built = built { $files } files in { $seconds } s
serve-rebuilt = { "  " }updated { $files } files in { $ms } ms [{ $stages }]
serve-build-panicked = the build stopped unexpectedly: { $reason }
serve-failed-silently = the build failed without saying why
serve-errors-over-site = { $count ->
    [one] 1 error; the browser shows it over the last good site
   *[other] { $count } errors; the browser shows them over the last good site
}
serve-errors-until-fixed = { $count ->
    [one] 1 error; the browser shows it until it is fixed
   *[other] { $count } errors; the browser shows them until they are fixed
}
serve-banner-over-site = { $count ->
    [one] youdai serve: 1 error in the content. This is the last good build; this page updates by itself once it is fixed.
   *[other] youdai serve: { $count } errors in the content. This is the last good build; this page updates by itself once they are fixed.
}
serve-banner-no-site = { $count ->
    [one] youdai serve: 1 error in the content. There is no good build to show yet; this page updates by itself once it is fixed.
   *[other] youdai serve: { $count } errors in the content. There is no good build to show yet; this page updates by itself once they are fixed.
}
serve-page-errors = youdai serve: the content has errors
serve-page-building = youdai serve: building the site…
serve-more-diagnostics = …and { $count } more; youdai check lists them all
