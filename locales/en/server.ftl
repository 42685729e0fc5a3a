# The preview server's answers to the browser (youdai serve), and why it cannot listen.

server-bad-request = bad request
server-bad-request-why = bad request: { $why }
server-path-no-slash = the path must start with /
server-path-empty-segment = empty path segment
server-path-bad-percent = bad percent-encoding
server-path-not-utf8 = the path is not UTF-8
server-path-dot-segment = dot segment
server-path-slash-in-name = slash, backslash or control character in a name
server-moved = moved: the address ends with a slash
server-not-found = not found
server-url-too-long = the address is too long
server-method = only GET and HEAD are served
server-events-method = only GET opens an event stream
server-too-many-pages = too many open pages
server-events-query = bad request: path and hash are needed
server-too-many-fields = too many header fields
server-http-version = only HTTP/1.0 and HTTP/1.1 are served
server-head-too-large = the request's head is larger than { $kb } KB
server-head-too-slow = the request did not arrive in time
server-too-many-connections = too many open connections; try again
server-failed = the server failed on this request
server-bind-unknown = --bind { $bind }: not an address or a known host name ({ $reason })
server-port-taken = cannot listen on { $bind }:{ $port }: { $reason }; is another server using that port? Choose another with --port
server-cannot-listen = cannot listen on { $bind }:{ $port }: { $reason }
server-accept-failed = cannot accept a connection ({ $reason }); trying again
