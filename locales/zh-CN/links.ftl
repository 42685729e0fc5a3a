# check --external：站外链接打不开时，说清是哪种情况、怎样处理。

link-external-status = 链接 { $url } 无法打开：服务器回答 { $status }（{ $status ->
        [400] 请求有误
        [401] 需要登录
        [403] 拒绝访问
        [404] 找不到
        [410] 已删除
        [429] 访问太频繁，可能是暂时的
        [500] 服务器出错
        [502] 网关出错
        [503] 暂时无法访问
        [504] 网关超时
       *[other] { $server ->
            [yes] 服务器出错
           *[no] 拒绝访问
        }
    }）；请改正或删去这个链接
link-external-no-host = 链接 { $url } 无法打开：找不到网站 { $host }（域名写错了，或网站已停用，也可能是这台电脑没有联网）；请检查网址的拼写，改正或删去这个链接
link-external-refused = 链接 { $url } 无法打开：网站 { $host } 拒绝连接（网站可能已关闭）；请在浏览器里试一下，改正或删去这个链接
link-external-timeout = 链接 { $url } 无法打开：{ $seconds } 秒内没有回应（网站可能已关闭，或太慢）；请在浏览器里试一下，改正或删去这个链接
link-external-tls = 链接 { $url } 无法打开：安全连接失败，浏览器会提示“不安全”（{ $reason }）；请改用对方网站正确的网址，或删去这个链接
link-external-redirects = 链接 { $url } 无法打开：网页跳转了 { $max } 次以上（可能在循环跳转）；请在浏览器里打开它，把最后到达的网址写在这里，或删去这个链接
link-external-invalid = 链接 { $url } 不是有效的网址（{ $reason }）；请改正或删去这个链接
link-external-failed = 链接 { $url } 无法打开（{ $reason }）；请在浏览器里试一下，改正或删去这个链接
link-external-summary = { $broken ->
        [0] 站外链接：检查了 { $checked } 个网址，都能打开
       *[other] 站外链接：检查了 { $checked } 个网址，{ $broken } 个无法打开
    }
link-external-none-answered = ；没有一个网站回应，如果这台电脑没有联网，请联网后再检查
link-external-unchecked = 没能检查：youdai 内部出错
