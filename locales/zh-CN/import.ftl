# 表格导入（youdai import）：每条消息都说明是表格的第几行、哪一列（列字母和表头文字），以及怎样改。

import-out-outside = --out { $out } 要是 { $folder } 下的 .yaml 文件，youdai check 只在那里读取{ $kind ->
        [benefits] 优待项目
       *[partners] 优待商户
    }
import-no-such-file = 找不到表格文件 { $file }
import-not-ours = { $out } 已经存在，而且不是 youdai import 生成的；导入会覆盖其中手工填写的条目。请用 --out 另选一个文件
import-mapping-unreadable = 无法读取对照表 { $file }：{ $reason }
import-option = { $option }：{ $why }
import-no-header = 找不到表头行：前 10 行中没有一行写着两个以上认得的列名（如 序号、优待内容、优待对象、责任单位）。请在表头行写明各列的名称，或把表格里的列名加到 import-mapping.yaml 中
import-column-unmapped = { $column } 列“{ $label }”不会导入：没有对应的字段。如需导入，请在 import-mapping.yaml 中加一行 `{ $label }: 字段名`；不需要的话加一行 `{ $label }: "-"`，就不再提示
import-column-doubled = { $column } 列“{ $label }”不会导入：{ $first } 列已经对应了字段 `{ $field }`
import-section-heading = 第 { $row } 行（分类标题）：{ $why }
import-section-no-category = 没有类别：上方的分类标题写的不是 site.yaml 中的类别
import-field-empty = { $label }（{ $field }）是空的；每个{ $kind }都必须填写
import-number-twice = 序号 { $number } 和第 { $first } 行重复了；序号不能重复
import-id-twice = 编号 `{ $id }` 和第 { $first } 行重复了；编号不能重复
import-id-elsewhere = 编号 `{ $id }` 已在 { $file } 中使用；编号不能重复，请换一个
import-row-not-yaml = 这一行无法写成 YAML
import-unknown-id = site.yaml 中没有编号 `{ $id }`
import-unknown-name = `{ $text }` 不是 site.yaml 中的{ $what }；site.yaml 中有：{ $listing }。请改用其中之一，或在 import-mapping.yaml 的 values: { $section }: 下加一行 `{ $text }: 编号`
import-not-degrees = `{ $text }` 不是数字；经纬度请写成 37.68 这样的度数
import-not-a-date = `{ $text }` 不是日期；请写成 2025-12-31 这样
import-not-yes-no = `{ $text }` 既不是“是”也不是“否”
import-location-half = 位置要同时填写纬度（lat）和经度（lon）
import-skipped = 已跳过：{ $message }
import-missing-column = 表格中没有 { $what } 这一列；请在表头行加上这一列，或在 import-mapping.yaml 中写明表格里对应的列名
import-missing-region = 表格中没有 地区 (region) 这一列，而 site.yaml 有多个顶级地区；请在表头行加上这一列，或在 import-mapping.yaml 中写明对应的列名，或用 --region 指定所有行的地区
import-listing-item = { $name }（{ $id }）
import-no-review-column = 表格中没有写每行最近核对日期的列（核对日期，updated），所以导入的条目都没有 updated；youdai 不会用导入当天的日期代替。请加一列“核对日期”，写上每一行核对的日期
import-at-cell = 第 { $row } 行 { $column } 列（{ $label }）：{ $message }
import-at-row = 第 { $row } 行：{ $message }
import-list-separator = 、
import-zero-restored = 第 { $row } 行 { $column } 列（{ $label }）：`{ $text }` 被存成了数字，丢掉了开头的 0；已补上 0，按“{ $phone }”导入。请核对，并把这一列的单元格格式设为“文本”
import-zero-restored-rows = 第 { $rows } 行（共 { $count } 行）{ $column } 列（{ $label }）：电话号码被存成了数字，丢掉了开头的 0；已补上 0 导入（如第 { $row } 行的 `{ $text }` 按“{ $phone }”导入）。请核对，并把这一列的单元格格式设为“文本”
import-overlap = 这张表格有 { $count } 行已经在 { $file } 中（{ $kind ->
        [partners] 名称、地区和地址
       *[other] 序号、名称和地区
    }都相同，如第 { $row } 行就是该文件第 { $line } 行的条目）；再导入到 { $out } 会让这些条目重复出现。如果要用这张表格更新 { $file }，请加上 --out { $file } 重新导入
import-overlap-by-hand = 这张表格有 { $count } 行已经在 { $file } 中（{ $kind ->
        [partners] 名称、地区和地址
       *[other] 序号、名称和地区
    }都相同，如第 { $row } 行就是该文件第 { $line } 行的条目）；再导入到 { $out } 会让这些条目重复出现。{ $file } 是手工维护的文件：请从表格或 { $file } 中删去这些重复的行，使每个条目只出现一次

# 读取表格
import-wrong-format = { $file }：只能导入 .xlsx、.xls、.ods 或 .csv 文件；请把表格另存为其中一种格式
import-csv-encoding = 这个 CSV 文件既不是 UTF-8 也不是 GB18030 编码；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”
import-csv-unreadable = 无法读取这个 CSV 文件：{ $reason }
import-cannot-read = 无法读取 { $file }：{ $reason }
import-no-such-sheet = { $file } 中没有名为“{ $sheet }”的工作表；其中的工作表有：{ $sheets }
import-sheets-empty = { $file }：所有工作表都是空的

# 对照表（import-mapping.yaml）
import-built-in-mapping = （内置对照表）
import-mapping-whole = 对照表
import-mapping-unknown-section = 对照表中没有 `{ $section }` 这一部分；只能写 benefits、partners 和 values
import-mapping-column-form = 每一列要写成 `表格列名: 字段名`
import-mapping-not-a-field = `{ $field }` 不是{ $kind }的字段{ $hint }；可用的字段有：{ $fields }
import-mapping-card-value = requires_card 下的值只能写 true（是）或 false（否）
import-mapping-unknown-list = values 下没有 `{ $list }` 这个列表；只能写 groups、regions、categories、partner_kinds 和 requires_card
import-mapping-not-lines = { $what } 要写成一行一个的 `名称: 值`

# 超出读取范围的表格
import-bounds-reads = youdai 只读取最多 { $rows } 行、{ $columns } 列（A 到 { $last } 列）的表格
import-bounds-file = 这个文件有 { $size }，而 youdai 只导入不超过 { $max } 的表格（300 行的目录也不到 1 MB）。请另存一份只含目录各行各列的表格
import-fix-delete = 请删除那里的内容，或把目录的各行复制到一张新工作表中
import-fix-unmerge = 请取消这个合并，只合并目录内的单元格
import-fix-save-again = 请把目录的各行复制到一张新工作表中，或用 Excel 或 WPS 打开后重新保存
import-bounds-cell = 单元格 { $cell }
import-bounds-merged-range = 合并区域 { $first }:{ $last }
import-bounds-dimension = 工作表声明的范围 { $first }:{ $last }
import-bounds-repeated = 单元格 { $cell }（横向重复 { $across } 次、纵向重复 { $down } 次）
import-bounds-reaches = { $what } 超出了可读取的范围：{ $reads }。{ $fix }
import-bounds-cell-text = 第 { $row } 行 { $column } 列：这个单元格有 { $chars } 个字，而一个单元格最多 { $max } 个字（与 Excel 相同）；请缩短，或把长文写进条目的 Markdown 文件
import-bounds-span-before = ，加上前面各工作表的 { $cells } 个
import-bounds-span = 有内容的单元格从 { $first } 到 { $last }，共 { $rows } 行 { $columns } 列{ $others }（{ $cells } 个单元格）；youdai 最多读取 { $max } 个（如 { $max_rows } 行 { $max_columns } 列）。请另存一份只含目录各行各列的表格
import-bounds-text = 到 { $cell } 为止的单元格文字超过了 { $max }（300 行的目录不到 1 MB；合并区域、共享字符串或重复单元格显示在多个单元格中的文字，每处都计算在内）。请另存一份只含目录各行各列的表格
import-bounds-cells = 这张工作表的单元格超过 { $max } 个，youdai 最多读取这么多。请另存一份只含目录各行各列的表格
import-bounds-merged-overlap = 合并区域覆盖的单元格超过 { $max } 个（合并区域互相重叠）；请取消合并，再只合并每个标题实际占用的单元格
import-bounds-part = 工作簿的组成部分 { $part } 从 { $packed } 字节解压后有 { $size } 字节（{ $megabytes }，压缩比 { $ratio } 比 1）；youdai 只读取解压后不超过 { $max }、压缩比不超过 { $max_ratio } 比 1 的部分，这是电子表格软件正常保存的样子。这个文件已损坏，或是故意做来耗尽内存的：请用 Excel 或 WPS 打开后重新保存
import-bounds-parts = 工作簿各部分解压后总共超过 { $max }，youdai 最多读取这么多。请另存一份只含目录那张工作表的文件
import-bounds-workbook-cells = 工作簿中各工作表的单元格超过 { $max } 个，youdai 最多读取这么多。请另存一份只含目录那张工作表的文件
import-bounds-sheets-overlap = 工作簿中的工作表互相重叠，电子表格软件不会这样保存；请用 Excel 或 WPS 打开后重新保存

# 导入的结果
import-done = 已导入 { $count } 个{ $kind ->
        [benefits] 优待项目
       *[partners] 优待商户
    }到 { $out }
import-done-skipped = 已导入 { $count } 个{ $kind ->
        [benefits] 优待项目
       *[partners] 优待商户
    }到 { $out }（跳过了 { $skipped } 行）
import-next = 下一步：运行 youdai check 检查
import-record-written = 跳过的行已记录在 { $record } 中；这些行导入之前，youdai check 会一直提示（重新导入时不再跳过任何行，这个记录会自动删除）
import-rows-refused = 有 { $count } 行无法导入，未写入任何文件。请在表格中改正这些行；或者加上 --force，只导入其余 { $good } 行
import-no-rows = 表格中没有可导入的行，未写入任何文件

# 跳过的行的记录（import-skipped/），以及 youdai check 对它的提示
import-record-head = youdai import --force 跳过的行。youdai check 会逐行提示，直到这些行导入为止：请在表格中改正后重新导入（不再跳过任何行时本文件会自动删除），或删除本文件。
import-record-unreadable = 这不是 youdai import 写的跳过记录（要有 sheet:、out: 和 skipped:）；请重新导入表格，或删除这个文件
import-record-at-cell = 第 { $row } 行 { $column } 列（{ $header }）
import-record-at-column = 第 { $row } 行 { $column } 列
import-record-at-row = 第 { $row } 行
import-record-row = 表格 { $sheet } 的{ $at }没有导入到 { $out }：{ $reason }。请在表格中改正后重新导入（youdai import { $sheet } --kind { $kind } --out { $out }；不再跳过任何行时本记录会自动删除）；如果确实不需要这一行，请删除 { $record }
import-folder-link = { $folder } 是一个符号链接（快捷方式）；youdai 从不通过链接写入，以免写到网站以外：请在这里放文件夹本身
