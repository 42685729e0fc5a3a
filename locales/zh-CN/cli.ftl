# 命令行：用法错误、构建与检查的结果。

cli-bad-source-date-epoch = 环境变量 SOURCE_DATE_EPOCH 的值 `{ $value }` 不是秒数
cli-no-root = --root { $root }：找不到这个文件夹
cli-out-link = --out { $out } 是一个符号链接，youdai 从不跟随链接；请直接给出文件夹本身
cli-out-file = --out { $out } 是一个文件，不是文件夹；请选一个文件夹，如 public/
cli-out-root = --out { $out } 会替换掉网站根目录本身；请选一个文件夹，如 public/
cli-out-sources = --out { $out } 在 { $folder }/ 里面，那里放的是网站的源文件；请选一个文件夹，如 public/
cli-out-not-empty = --out { $out } 是一个已有其他文件的文件夹，而构建会整个替换输出文件夹；请选一个空的或新的文件夹，或 youdai 以前构建出的文件夹
errors-nothing-written = { $count } 个错误，未写入任何文件
cli-cannot-write = 无法写入 { $path }：{ $reason }
cli-cannot-replace = 无法替换 { $path }：{ $reason }
cli-old-output-left = 新网站已经就位，但旧的输出无法删除，留在 { $path }（{ $reason }）；下次构建会再试，也可以手动删除
cli-built = 已构建 { $files } 个文件（{ $benefits } 个优待项目、{ $partners } 个优待商户、{ $notices } 条通知公告、{ $pages } 个页面），输出到 { $out }，用时 { $seconds } 秒 [{ $stages }]
cli-check-ok = 检查通过：{ $benefits } 个优待项目、{ $partners } 个优待商户、{ $notices } 条通知公告、{ $pages } 个页面
cli-new-created = 已在 { $dir } 创建新网站
cli-new-not-empty = { $dir } 已存在且不是空文件夹；请另选一个新文件夹
cli-cannot-create = 无法创建 { $path }：{ $reason }
stage-load = 读取
stage-theme = 主题
stage-render = 生成和写入
stage-swap = 替换

# 帮助（youdai --help）与用法错误
help-template =
    {"{"}about{"}"}

    用法：{"{"}usage{"}"}

    {"{"}all-args{"}"}
help-usage-word = 用法：
help-heading-commands = 命令
help-heading-options = 选项
help-heading-arguments = 参数
help-youdai = 优待：军人军属优待目录、优待商户和通知公告的静态网站生成器
help-arg-help = 显示帮助
help-arg-version = 显示版本
help-arg-root = 网站根目录：包含 content/ 的文件夹（默认：当前文件夹）
help-arg-today = 以哪一天为“今天”来判断有效、过期和未生效，写成 年-月-日
help-arg-lang = 提示信息的语言：zh（中文，默认）或 en（英文）；也可设环境变量 YOUDAI_LANG=en
help-build = 把网站构建到输出文件夹（默认：网站根目录下的 public/）
help-build-out = 输出文件夹，构建成功后整个替换
help-arg-base_url = 临时替换 site.yaml 里的 base_url，例如预览或测试站点
help-check = 检查全部内容并列出每个错误，不写入任何文件
help-arg-format = 输出格式：text（默认）、json（给其他工具读）或 github（在拉取请求中逐行标注）
help-arg-external = 同时逐个打开指向其他网站的链接（包括商户网址），报告打不开的；需要能上网
help-serve = 在本机预览网站，文件一改就自动重建
help-arg-bind = 监听的地址（默认 127.0.0.1，只有本机能访问）
help-arg-port = 端口号（默认 8000）
help-new = 新建一个可以直接使用的小网站
help-new-dir = 要创建的文件夹，须不存在或为空
help-import = 把电子表格（XLSX 或 CSV）导入为优待项目或优待商户的 YAML 文件
help-arg-file = 表格文件：.xlsx、.xls、.ods 或 .csv，表头行写明各列
help-arg-kind = 表格的内容：benefits（优待项目）或 partners（优待商户）
help-import-out = 要写入的 YAML 文件，位于 content/benefits/ 或 content/partners/ 下
help-arg-force = 即使有些行无法导入，也写入其余正确的行
help-arg-mapping = 表头和取值的对照表（默认：网站根目录下的 import-mapping.yaml，否则用内置的）
help-arg-sheet = 工作簿中要读取的工作表（默认：第一个非空的工作表）
help-arg-category = 没有写类别的行所属的类别（site.yaml 中的 id 或名称）
help-arg-region = 没有写地区的行所属的地区（site.yaml 中的 id 或名称）
help-schema = 为 site.yaml 和各类条目生成 JSON Schema，供 VS Code 等编辑器使用
help-schema-dir = 写入 Schema 的文件夹，如 schema
help-cms = 生成 Decap CMS 网页编辑表单（admin/config.yml 和 admin/index.html）
help-cms-out = 写入的位置（默认：content/static/admin，发布在 网站地址/admin/）
help-arg-backend = 表单提交到的 git 服务：github、gitlab、gitea 或 git-gateway
help-arg-repo = 网站仓库的 所有者/名称（默认：取自 git 的 origin 远程地址）
help-arg-branch = 提交到的分支（默认 main）
help-arg-git_host = 自建的 git 服务器地址，如 https://git.example.gov.cn
help-arg-app_id = OAuth 应用的 id（GitLab 和 Gitea）
usage-unknown-argument = 不认识的参数 `{ $arg }`
usage-unknown-command = 没有 `{ $command }` 这个命令
usage-invalid-value = `{ $value }` 不能用作 { $arg } 的值；可用的值：{ $valid }
usage-missing-argument = 缺少必需的参数：{ $arg }
usage-missing-command = 请写明要做什么：build、check、serve、new、import、schema 或 cms
usage-bad-value = { $arg } 的值有误：{ $why }
usage-once = { $arg } 只能写一次
usage-conflict = { $arg } 不能和 { $other } 同时使用
usage-other = 命令行有误（{ $detail }）
usage-did-you-mean = （您是不是要写 `{ $suggestion }`？）
usage-line = 用法：{ $usage }
usage-more-help = 更多说明请运行 youdai --help
stage-search = 搜索索引（与生成同时）
