# 预览服务器（youdai serve）

serve-cannot-start-builds = 无法启动构建线程：{ $reason }
serve-cannot-start-reload = 无法启动自动刷新线程：{ $reason }
serve-cannot-start-requests = 无法启动处理请求的线程
serve-cannot-start-watcher = 无法启动监视文件的线程：{ $reason }
serve-polling-only = 这里收不到文件变动的通知；改为每秒检查几次
serve-no-watch = { $reason }；改动要重新启动预览才会显示
serve-no-events-for = 收不到 { $dir } 的文件变动通知；改为每 { $ms } 毫秒检查一次
serve-not-loopback = 正在监听 { $addr }，其他电脑也可能访问到；预览只供本机使用（去掉 --bind 即可）
serve-serving = 正在预览 { $root }：{ $url }（按 Ctrl-C 停止）
serve-stopped = 已停止
serve-changed = 有改动：{ $names }
serve-changed-more = 有改动：{ $names } 等另外 { $more } 个文件
serve-built = 已构建 { $files } 个文件，用时 { $seconds } 秒
serve-rebuilt = { "  " }已更新 { $files } 个文件，用时 { $ms } 毫秒 [{ $stages }]
serve-build-panicked = 构建意外中断：{ $reason }
serve-failed-silently = 构建失败，但没有给出原因
serve-errors-over-site = { $count } 个错误；浏览器中在上一次正确的网站上方显示这些错误
serve-errors-until-fixed = { $count } 个错误；改正之前浏览器中只显示这些错误
serve-banner-over-site = youdai 预览：内容中有 { $count } 个错误。下面是上一次正确的网站；改正后本页会自动更新。
serve-banner-no-site = youdai 预览：内容中有 { $count } 个错误，还没有可以显示的网站；改正后本页会自动更新。
serve-page-errors = youdai 预览：内容有错误
serve-page-building = youdai 预览：正在构建网站……
serve-more-diagnostics = ……另有 { $count } 条；运行 youdai check 可以看全部
