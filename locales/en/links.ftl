# check --external: a link to another site that does not open, why, and what to do.

link-external-status = link { $url } does not open: the server answers { $status } ({ $status ->
        [400] bad request
        [401] login required
        [403] forbidden
        [404] not found
        [410] gone
        [429] too many requests, perhaps for a while only
        [500] server error
        [502] bad gateway
        [503] unavailable
        [504] gateway timeout
       *[other] { $server ->
            [yes] server error
           *[no] refused
        }
    }); correct the link or remove it
link-external-no-host = link { $url } does not open: no site { $host } can be found (a misspelt or retired domain, or this computer is offline); check the spelling of the address, correct the link or remove it
link-external-refused = link { $url } does not open: { $host } refuses the connection (the site may be closed); try it in a browser, correct the link or remove it
link-external-timeout = link { $url } does not open: no answer within { $seconds } s (the site may be closed, or too slow); try it in a browser, correct the link or remove it
link-external-tls = link { $url } does not open: the secure connection fails, and browsers warn that the site is not safe ({ $reason }); use the site's correct address or remove the link
link-external-redirects = link { $url } does not open: it redirects more than { $max } times (perhaps in a loop); open it in a browser and write the address it ends at here, or remove the link
link-external-invalid = link { $url } is not a valid address ({ $reason }); correct the link or remove it
link-external-failed = link { $url } does not open ({ $reason }); try it in a browser, correct the link or remove it
link-external-summary = external links: { $checked ->
        [one] { $checked } address checked
       *[other] { $checked } addresses checked
    }, { $broken ->
        [0] all open
        [one] { $broken } broken
       *[other] { $broken } broken
    }
link-external-none-answered = ; no site answered at all: if this computer is offline, connect it and check again
link-external-unchecked = not checked: youdai failed inside
