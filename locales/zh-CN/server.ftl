# 预览服务器（youdai serve）给浏览器的回答，以及无法监听的原因。

server-bad-request = 请求有误
server-bad-request-why = 请求有误：{ $why }
server-path-no-slash = 路径要以 / 开头
server-path-empty-segment = 路径中有空的一段（//）
server-path-bad-percent = 路径中的 % 编码有误
server-path-not-utf8 = 路径不是 UTF-8 文字
server-path-dot-segment = 路径中不能有 . 或 .. 这样的一段
server-path-slash-in-name = 名称中不能有斜杠、反斜杠或控制字符
server-moved = 已移动：这个地址要以 / 结尾
server-not-found = 找不到这个页面
server-url-too-long = 地址太长了
server-method = 这里只接受 GET 和 HEAD 请求
server-events-method = 只有 GET 请求可以打开自动刷新的连接
server-too-many-pages = 打开的页面太多了；请关掉一些预览页面
server-events-query = 请求有误：需要 path 和 hash 两个参数
server-too-many-fields = 请求头的字段太多了
server-http-version = 只支持 HTTP/1.0 和 HTTP/1.1
server-head-too-large = 请求头超过了 { $kb } KB
server-head-too-slow = 请求没有及时发送完
server-too-many-connections = 打开的连接太多了；请稍后再试
server-failed = 服务器处理这个请求时出错了
server-bind-unknown = --bind { $bind }：不是一个地址，也不是已知的主机名（{ $reason }）
server-port-taken = 无法在 { $bind }:{ $port } 上监听：{ $reason }；是不是有另一个程序占用了这个端口？请用 --port 换一个端口
server-cannot-listen = 无法在 { $bind }:{ $port } 上监听：{ $reason }
server-accept-failed = 无法接受新的连接（{ $reason }），正在重试
