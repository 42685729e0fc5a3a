# 编辑工具：youdai new、schema、cms 和 check 的 json/github 格式。

## youdai new
new-next-steps =
    接下来这样做（先进入网站文件夹：cd { $dir }）：
      1. 修改 content/site.yaml：网站名称（title）、网址（base_url）、联系电话，以及地区、类别和优待对象
      2. 导入优待目录表格：youdai import 优待目录.xlsx --kind benefits
      3. 预览：youdai serve，然后用浏览器打开 http://127.0.0.1:8000/
      4. 检查：youdai check（有问题会写明文件、行号和改法）
      5. 提交：git add . 然后 git commit -m "说明改了什么"，推送后发起合并请求，系统会自动再检查一遍
    编辑指南在 { $dir }/README.md，写给日常维护网站的同事。

## youdai schema
schema-written = 已把 { $count } 个检查规则文件（JSON Schema）写入 { $dir }；VS Code 装上 YAML 插件后，通过 .vscode/settings.json 或文件第一行的 `# yaml-language-server: $schema=` 使用它们
schema-stale = 与 content/site.yaml 不一致，编辑器会给出过时的选项；请运行 `youdai schema { $dir }` 重新生成
editors-fix-site-yaml = 请先改正 content/site.yaml；未写入任何文件
# 以下写进 schema 文件（中文在前、英文在后），在 VS Code 里悬停或出错时显示
schema-not-empty = 不能为空
schema-id-pattern = 只能用小写字母 a-z、数字和 -，并以字母或数字开头
schema-date-pattern = 日期要写成 年-月-日，如 2025-12-31
schema-url-pattern = 要写以 https:// 开头的完整网址
schema-no-terms = site.yaml 里还没有定义 { $which }
schema-choice-id = `{ $id }`：“{ $name }”的编号
schema-choice-name = { $name }：名称，等同于编号 `{ $id }`
schema-description = { $kind }的检查规则。由 `youdai schema` 根据 content/site.yaml 生成，修改 site.yaml 后请重新生成。

## youdai cms
cms-needs-repo = 需要 --repo 仓库所有者/仓库名：网页表单把修改提交到这个仓库（没有找到可用的 `origin` 远程仓库）
cms-wrote = 已写入 { $path }
cms-published = 网页表单随网站一起发布，地址是 { $url }；要让它能登录 { $backend }，请看 README 的“For editors”一节
help-cms-decap_url = 网页表单从哪里加载 Decap CMS，例如本单位服务器上的副本（默认：unpkg 上固定的版本）；必须是该版本的 dist/decap-cms.js
cms-config-header = Decap CMS 网页表单的配置，由 `youdai cms` 根据 content/site.yaml 生成；修改 site.yaml 后请重新运行 `youdai cms`。
cms-page-title = 内容管理 · { $title }
cms-benefits = 优待项目
cms-partners = 优待合作商户
cms-notices = 通知公告
cms-pages = 页面
cms-settings = 站点设置
cms-settings-file = 站点设置与词表（site.yaml）
cms-id-pattern = 只能用小写字母 a-z、数字和 -，并以字母或数字开头
cms-url-pattern = 请写以 https:// 开头的完整网址
cms-attachment-file = 文件
cms-body = 正文
cms-body-hint = 正文，可以用加粗、列表、链接等格式。
cms-hint-file-id = 网址里用的名字，如 2025-chunjie（只用小写字母、数字和 -）。可以不填：不填就用文件名。已发布的请不要修改，否则原来的网址会失效。
cms-hint-optional-object = 可以不填；要填就把各项都填上。

## youdai check --format github
check-github-ok = 检查通过：{ $benefits } 个优待项目、{ $partners } 个优待商户、{ $notices } 条通知公告、{ $pages } 个页面（{ $warnings } 个提醒）
check-github-failed = { $errors } 个错误，{ $warnings } 个提醒
check-summary-title = youdai 内容检查
check-summary-place = 位置
check-summary-severity = 类型
check-summary-message = 问题和改法
check-summary-error = ❌ 错误
check-summary-warning = ⚠️ 提醒
check-summary-more = 还有 { $count } 条未列出，请看这一步的日志。
check-summary-not-written = 无法写入步骤摘要 { $path }：{ $reason }
