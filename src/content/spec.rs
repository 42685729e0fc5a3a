//! The one description of every field of every kind of content: its name, type, whether it
//! is required, and help in Chinese and English.
//!
//! The readers check unknown fields against these lists, and the JSON Schemas (`youdai
//! schema`), the web form (`youdai cms`) and the spreadsheet import are generated from them,
//! so the editors' tools cannot drift from what `youdai check` accepts. In tests, every
//! reader asserts that it reads exactly the fields listed here (see `Fields::finish`).

/// Which vocabulary of site.yaml an id refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Vocabulary {
    Category,
    Group,
    Region,
    PartnerKind,
}

/// What a field holds, as the readers in `entries.rs` and `config.rs` read it.
#[derive(Clone, Copy, Debug)]
pub enum FieldType {
    /// `^[a-z0-9][a-z0-9-]*$`
    Id,
    /// Plain text, not empty.
    Text,
    /// CommonMark text.
    Markdown,
    /// `YYYY-MM-DD`
    Date,
    Bool,
    /// A whole number.
    Integer,
    /// A whole number or a short text (a catalog number such as `12` or `3-1`).
    Label,
    /// A list of texts; one text is read as a list of one.
    Texts,
    /// An absolute http(s) address.
    Url,
    /// An id of a vocabulary.
    Ref(Vocabulary),
    /// A list of ids of a vocabulary; one id is read as a list of one.
    Refs(Vocabulary),
    /// A list of paths under `content/static/`.
    Paths,
    /// A number (a latitude or longitude).
    Number,
    /// A mapping with the given fields.
    Object(&'static Kind),
    /// A list of `{ id, name, description }` terms.
    Terms,
    /// A list of regions, each with optional `children`.
    Regions,
    /// A list of mappings with the given fields (`changes: [{ date, note }]`).
    List(&'static Kind),
    /// Words to lists of words (`synonyms: { 看病: [医疗, 医院] }`).
    WordMap,
}

/// One field of a kind of content.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: FieldType,
    pub required: bool,
    /// A short Chinese label, as the bureau's sheets and forms name it.
    pub label: &'static str,
    pub help_zh: &'static str,
    pub help_en: &'static str,
}

/// A kind of content (or a nested mapping such as `location`) and its fields, in the order
/// the contract lists them.
#[derive(Debug)]
pub struct Kind {
    /// The word used in messages: "benefit", "site.yaml", "location".
    pub name: &'static str,
    pub label: &'static str,
    pub fields: &'static [Field],
}

impl Kind {
    /// The field names, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.name).collect()
    }

    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

const fn field(
    name: &'static str,
    ty: FieldType,
    required: bool,
    label: &'static str,
    help_zh: &'static str,
    help_en: &'static str,
) -> Field {
    Field {
        name,
        ty,
        required,
        label,
        help_zh,
        help_en,
    }
}

use FieldType::*;
use Vocabulary::*;

pub static CHANGE: Kind = Kind {
    name: "change",
    label: "变更记录",
    fields: &[
        field(
            "date",
            Date,
            true,
            "日期",
            "变更的日期（YYYY-MM-DD）。",
            "When it changed (YYYY-MM-DD).",
        ),
        field(
            "note",
            Text,
            true,
            "变更内容",
            "对群众来说变了什么，一句话。",
            "What changed for citizens, in a sentence.",
        ),
    ],
};

const CHANGES: Field = field(
    "changes",
    List(&CHANGE),
    false,
    "变更记录",
    "变更记录：每项 { date: 日期, note: 变更内容 }，显示在页面上，最新的在前。",
    "What changed for citizens and when: items of { date, note }, shown newest first.",
);

const VALID_FROM: Field = field(
    "valid_from",
    Date,
    false,
    "生效日期",
    "从这一天起生效（YYYY-MM-DD）；之前不在网站上显示。",
    "The first day it applies (YYYY-MM-DD); not published before.",
);
const VALID_UNTIL: Field = field(
    "valid_until",
    Date,
    false,
    "有效期至",
    "最后有效日期（YYYY-MM-DD）；过期后移出列表，本页保留并标明已失效。",
    "The last day it applies (YYYY-MM-DD); after it, it leaves the listings and its page is marked expired.",
);
const UPDATED: Field = field(
    "updated",
    Date,
    false,
    "更新日期",
    "最近一次核对的日期（YYYY-MM-DD）；超过一年未核对会提示。",
    "The date of the last review (YYYY-MM-DD); a review older than a year is warned about.",
);
const TAGS: Field = field(
    "tags",
    Texts,
    false,
    "标签",
    "检索用的关键词列表，如 [医疗, 优先]。",
    "Keywords for search, such as [医疗, 优先].",
);

pub static BENEFIT: Kind = Kind {
    name: "benefit",
    label: "优待项目",
    fields: &[
        field(
            "id",
            Id,
            true,
            "编号",
            "网址中使用的编号：小写字母、数字和 -，发布后不再更改。",
            "Used in the URL: a-z, 0-9 and -; never changes once published.",
        ),
        field(
            "title",
            Text,
            true,
            "项目名称",
            "优待项目的名称（纯文本）。",
            "The name of the benefit (plain text).",
        ),
        field(
            "category",
            Ref(Category),
            true,
            "类别",
            "所属类别，取自 site.yaml 的 categories。",
            "A category id from site.yaml.",
        ),
        field(
            "groups",
            Refs(Group),
            true,
            "优待对象",
            "享受对象列表，取自 site.yaml 的 groups，如 [active, veteran]。",
            "Who is eligible: a non-empty list of group ids from site.yaml.",
        ),
        field(
            "region",
            Ref(Region),
            true,
            "适用地区",
            "适用地区，取自 site.yaml 的 regions；对其下属地区同样适用。",
            "A region id from site.yaml; applies there and in every region below it.",
        ),
        field(
            "summary",
            Text,
            true,
            "优待内容",
            "一两句话说明优待内容（纯文本）。",
            "One or two plain sentences.",
        ),
        field(
            "number",
            Label,
            false,
            "序号",
            "在公布的目录清单中的序号，如 12。",
            "The item's number in the published catalog, such as 12.",
        ),
        field(
            "details",
            Markdown,
            false,
            "详细说明",
            "详细说明（Markdown）。",
            "Details (Markdown).",
        ),
        field(
            "how_to_claim",
            Markdown,
            false,
            "办理方式",
            "办理步骤（Markdown），如 1. 出示优待证。",
            "The steps to claim it (Markdown).",
        ),
        field(
            "documents",
            Texts,
            false,
            "所需材料",
            "需携带的材料列表，如 [优待证, 身份证]。",
            "What to bring, such as [优待证, 身份证].",
        ),
        field(
            "department",
            Text,
            false,
            "责任单位",
            "提供该优待的单位（责任单位）。",
            "Who provides it (责任单位).",
        ),
        field(
            "basis",
            Text,
            false,
            "政策依据",
            "所依据的政策文件（政策依据）。",
            "The policy it rests on (政策依据).",
        ),
        field(
            "contact",
            Text,
            false,
            "联系电话",
            "咨询电话或地址；电话号码请加引号，如 \"0354-3021234\"。",
            "A phone number or address; quote phone numbers, such as \"0354-3021234\".",
        ),
        VALID_FROM,
        VALID_UNTIL,
        UPDATED,
        CHANGES,
        TAGS,
    ],
};

pub static LOCATION: Kind = Kind {
    name: "location",
    label: "位置",
    fields: &[
        field(
            "lat",
            Number,
            true,
            "纬度",
            "纬度，-90 到 90，如 37.68。",
            "Latitude, -90 to 90, such as 37.68.",
        ),
        field(
            "lon",
            Number,
            true,
            "经度",
            "经度，-180 到 180，如 112.75。",
            "Longitude, -180 to 180, such as 112.75.",
        ),
    ],
};

pub static PARTNER: Kind = Kind {
    name: "partner",
    label: "优待合作商户",
    fields: &[
        field(
            "id",
            Id,
            true,
            "编号",
            "网址中使用的编号：小写字母、数字和 -，发布后不再更改。",
            "Used in the URL: a-z, 0-9 and -; never changes once published.",
        ),
        field(
            "name",
            Text,
            true,
            "名称",
            "商户、景区、医院等的名称。",
            "The name of the shop, scenic spot, hospital or service.",
        ),
        field(
            "kind",
            Ref(PartnerKind),
            true,
            "类型",
            "商户类型，取自 site.yaml 的 partner_kinds。",
            "A partner kind id from site.yaml.",
        ),
        field(
            "region",
            Ref(Region),
            true,
            "所在地区",
            "所在地区，取自 site.yaml 的 regions。",
            "A region id from site.yaml.",
        ),
        field(
            "offer",
            Text,
            true,
            "优惠内容",
            "提供的优惠（纯文本）。",
            "The discount offered (plain text).",
        ),
        field(
            "groups",
            Refs(Group),
            false,
            "优待对象",
            "享受对象列表；不填表示所有优待对象。",
            "Group ids; absent means every group.",
        ),
        field(
            "requires_card",
            Bool,
            false,
            "凭优待证",
            "是否须出示优待证：true 或 false。",
            "Whether the 优待证 card must be shown: true or false.",
        ),
        field(
            "address",
            Text,
            false,
            "地址",
            "地址（纯文本）。",
            "The address (plain text).",
        ),
        field(
            "phone",
            Text,
            false,
            "联系电话",
            "电话号码，请加引号，如 \"0354-3021234\"。",
            "A phone number, in quotes, such as \"0354-3021234\".",
        ),
        field(
            "hours",
            Text,
            false,
            "营业时间",
            "营业或开放时间。",
            "Opening hours.",
        ),
        field(
            "website",
            Url,
            false,
            "网站",
            "商户自己的网站，以 https:// 开头（以前叫 url）。",
            "The partner's own web address, starting with https:// (formerly `url`).",
        ),
        field(
            "location",
            Object(&LOCATION),
            false,
            "位置",
            "地图位置 { lat: 纬度, lon: 经度 }。",
            "The place on a map: { lat, lon }.",
        ),
        field(
            "details",
            Markdown,
            false,
            "详细说明",
            "详细说明（Markdown）。",
            "Details (Markdown).",
        ),
        VALID_FROM,
        VALID_UNTIL,
        UPDATED,
        CHANGES,
        TAGS,
    ],
};

pub static NOTICE: Kind = Kind {
    name: "notice",
    label: "通知公告",
    fields: &[
        field(
            "title",
            Text,
            true,
            "标题",
            "公告标题。",
            "The title of the notice.",
        ),
        field(
            "date",
            Date,
            true,
            "发布日期",
            "发布日期（YYYY-MM-DD）；在这一天之前不显示。",
            "The date of the notice (YYYY-MM-DD); not shown before it.",
        ),
        field(
            "id",
            Id,
            false,
            "编号",
            "网址中使用的编号；不填则用文件名。",
            "Used in the URL; default: the file name without extension.",
        ),
        field(
            "region",
            Ref(Region),
            false,
            "地区",
            "相关地区，取自 site.yaml 的 regions。",
            "A region id from site.yaml.",
        ),
        TAGS,
        field(
            "summary",
            Text,
            false,
            "摘要",
            "一句话摘要，显示在列表和订阅中；缺少时会提示。",
            "A one-sentence summary for listings and the feed; warned about when missing.",
        ),
        field(
            "expires",
            Date,
            false,
            "截止日期",
            "过了这一天公告移入往期（YYYY-MM-DD）。",
            "After this date the notice moves to the archive (YYYY-MM-DD).",
        ),
        field(
            "pinned",
            Bool,
            false,
            "置顶",
            "未过期时在首页置顶：true 或 false。",
            "Shown first on the home page while not expired: true or false.",
        ),
        field(
            "attachments",
            Paths,
            false,
            "附件",
            "附件路径列表，位于 content/static/ 下，如 [files/通知.pdf]。",
            "Paths under content/static/, such as [files/notice.pdf].",
        ),
        field(
            "doc_number",
            Text,
            false,
            "文号",
            "发文字号，如 晋中退役军人〔2025〕12号。",
            "The document number, such as 晋中退役军人〔2025〕12号.",
        ),
        field(
            "issuer",
            Text,
            false,
            "发布机构",
            "发布机构；不填则为 site.yaml 中 publisher 的主办单位。",
            "The issuing body; default: the publisher's name from site.yaml.",
        ),
        field(
            "written",
            Date,
            false,
            "成文日期",
            "成文日期（YYYY-MM-DD）。",
            "The date the document was signed (YYYY-MM-DD).",
        ),
        field(
            "index_no",
            Text,
            false,
            "索引号",
            "政府信息公开目录的索引号。",
            "The index number in the government-information catalog.",
        ),
    ],
};

pub static PAGE: Kind = Kind {
    name: "page",
    label: "页面",
    fields: &[
        field(
            "title",
            Text,
            true,
            "标题",
            "页面标题。",
            "The title of the page.",
        ),
        field(
            "id",
            Id,
            false,
            "编号",
            "网址中使用的编号；不填则用文件名。",
            "Used in the URL; default: the file name without extension.",
        ),
        field(
            "order",
            Integer,
            false,
            "排序",
            "在导航中的顺序，数字小的在前。",
            "Its place in the navigation; smaller comes first.",
        ),
    ],
};

pub static CONTACT: Kind = Kind {
    name: "contact",
    label: "联系方式",
    fields: &[
        field(
            "phone",
            Text,
            false,
            "电话",
            "咨询电话，请加引号。",
            "A phone number, in quotes.",
        ),
        field("address", Text, false, "地址", "地址。", "The address."),
        field(
            "hours",
            Text,
            false,
            "办公时间",
            "办公时间。",
            "Office hours.",
        ),
    ],
};

pub static TERM: Kind = Kind {
    name: "term",
    label: "词条",
    fields: &[
        field(
            "id",
            Id,
            true,
            "编号",
            "条目引用的编号：小写字母、数字和 -。",
            "The id entries refer to: a-z, 0-9 and -.",
        ),
        field(
            "name",
            Text,
            true,
            "名称",
            "显示给读者的名称。",
            "The name readers see.",
        ),
        field(
            "description",
            Text,
            false,
            "说明",
            "补充说明。",
            "An optional description.",
        ),
    ],
};

pub static REGION: Kind = Kind {
    name: "region",
    label: "地区",
    fields: &[
        field(
            "id",
            Id,
            true,
            "编号",
            "条目引用的编号：小写字母、数字和 -。",
            "The id entries refer to: a-z, 0-9 and -.",
        ),
        field(
            "name",
            Text,
            true,
            "名称",
            "地区名称，如 榆次区。",
            "The region's name.",
        ),
        field(
            "children",
            Regions,
            false,
            "下级地区",
            "下级地区列表；上级地区的条目对下级同样适用。",
            "Regions below this one; an entry of a region applies to all below it.",
        ),
        field(
            "contact",
            Object(&CONTACT),
            false,
            "联系方式",
            "本地区退役军人服务机构的电话、地址和办公时间，显示在本地区的页面上。",
            "The office citizens of this region call: phone, address, hours.",
        ),
    ],
};

pub static PUBLISHER: Kind = Kind {
    name: "publisher",
    label: "主办单位信息",
    fields: &[
        field(
            "name",
            Text,
            true,
            "主办单位",
            "主办单位，如 晋中市退役军人事务局。",
            "The body that runs the site (主办单位).",
        ),
        field(
            "operator",
            Text,
            false,
            "承办单位",
            "承办单位（负责运行维护的单位）。",
            "The body that operates it (承办单位).",
        ),
        field(
            "site_code",
            Text,
            false,
            "网站标识码",
            "网站标识码：10 位数字，请加引号，如 \"1407000012\"。",
            "The site identification code: ten digits, in quotes.",
        ),
        field(
            "icp",
            Text,
            false,
            "ICP备案号",
            "ICP备案号，如 晋ICP备12345678号。",
            "The ICP record number, such as 晋ICP备12345678号.",
        ),
        field(
            "police",
            Text,
            false,
            "公安机关备案号",
            "公安机关备案号，如 晋公网安备14070202000123号。",
            "The public-security record number, such as 晋公网安备14070202000123号.",
        ),
    ],
};

pub static SITE: Kind = Kind {
    name: "site.yaml",
    label: "站点设置",
    fields: &[
        field(
            "title",
            Text,
            true,
            "站点名称",
            "网站名称。",
            "The site's title.",
        ),
        field(
            "base_url",
            Url,
            true,
            "网址",
            "网站的完整地址，如 https://example.gov.cn/yd/。",
            "The absolute address of the site, such as https://example.gov.cn/yd/.",
        ),
        field(
            "language",
            Text,
            false,
            "语言",
            "网页语言，默认 zh-CN。",
            "The pages' language; default zh-CN.",
        ),
        field(
            "description",
            Text,
            false,
            "简介",
            "网站简介。",
            "A description of the site.",
        ),
        field(
            "contact",
            Object(&CONTACT),
            false,
            "联系方式",
            "咨询电话、地址和办公时间。",
            "The office's phone, address and hours.",
        ),
        field(
            "publisher",
            Object(&PUBLISHER),
            false,
            "主办单位信息",
            "政府网站页脚必须显示的信息：主办单位、承办单位、网站标识码、备案号。",
            "What a government site's footer must show: 主办单位, 承办单位, 网站标识码, 备案号.",
        ),
        field(
            "feedback",
            Text,
            false,
            "我要纠错",
            "每页“我要纠错”链接的去处：mailto:邮箱 或 https:// 网址。",
            "Where \"我要纠错\" on every page leads: a mailto: or https:// address.",
        ),
        field(
            "synonyms",
            WordMap,
            false,
            "同义词",
            "搜索用的同义词：群众的说法 → 内容里的说法，如 看病: [医疗, 医院]。",
            "Search synonyms: words people say → words the content uses, such as 看病: [医疗, 医院].",
        ),
        field(
            "theme",
            Id,
            false,
            "主题",
            "themes/ 下的主题文件夹名，默认 default。",
            "A folder name under themes/; default: default.",
        ),
        field(
            "regions",
            Regions,
            true,
            "地区",
            "地区树：每项 { id, name, children }。",
            "The region tree: items of { id, name, children }.",
        ),
        field(
            "categories",
            Terms,
            true,
            "类别",
            "优待类别，按列出顺序显示：每项 { id, name }。",
            "Benefit categories, in the order listed: items of { id, name }.",
        ),
        field(
            "groups",
            Terms,
            true,
            "优待对象",
            "优待对象：每项 { id, name }。",
            "Who can be eligible: items of { id, name }.",
        ),
        field(
            "partner_kinds",
            Terms,
            false,
            "商户类型",
            "合作商户类型：每项 { id, name }。",
            "Kinds of partners: items of { id, name }.",
        ),
    ],
};

#[cfg(test)]
mod tests {
    //! `Fields::finish` asserts, in tests only, that each reader reads exactly the fields of
    //! its spec. These tests run every reader once, so a field read but not in the spec (or
    //! in the spec but never read) fails here.

    use super::*;
    use crate::content::entries::{Body, Reader, Sightings};
    use crate::content::{config, yaml};
    use crate::diag::Report;

    fn node(text: &str) -> yaml::Node {
        yaml::parse(text, 0).unwrap().unwrap()
    }

    fn body() -> Body {
        Body {
            text: "text".into(),
            line: 5,
        }
    }

    #[test]
    fn every_reader_reads_exactly_its_spec() {
        let mut report = Report::default();
        let mut seen = Sightings::default();
        let mut reader = Reader {
            file: "x.yaml",
            report: &mut report,
            seen: &mut seen,
        };
        let b = "id: a\ntitle: t\ncategory: c\ngroups: [g]\nregion: r\nsummary: s\n\
                 changes: [{ date: 2025-01-01, note: n }]\n";
        assert!(reader.benefit(&node(b), None).is_some());
        let p = "id: a\nname: n\nkind: k\nregion: r\noffer: o\nlocation: { lat: 1, lon: 2 }\n";
        assert!(reader.partner(&node(p), None).is_some());
        assert!(reader
            .notice(&node("title: t\ndate: 2025-01-01\n"), "n", body())
            .is_some());
        assert!(reader.page(&node("title: t\n"), "p", body()).is_some());
        let site = "title: t\nbase_url: https://x.cn/\ncontact: { phone: \"1\" }\n\
                    publisher: { name: P }\n\
                    regions: [{ id: r, name: R, contact: { phone: \"2\" }, children: [{ id: s, name: S }] }]\n\
                    categories: [{ id: c, name: C }]\ngroups: [{ id: g, name: G }]\n";
        assert!(config::load(Some(&node(site)), "site.yaml", &mut report).is_some());
        assert!(!report.has_errors(), "{report:?}");
    }

    #[test]
    fn names_are_unique_and_every_field_has_help() {
        for kind in [
            &BENEFIT, &PARTNER, &NOTICE, &PAGE, &SITE, &CONTACT, &TERM, &REGION, &LOCATION,
            &CHANGE, &PUBLISHER,
        ] {
            let names = kind.names();
            let mut sorted = names.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), names.len(), "{}", kind.name);
            for f in kind.fields {
                assert!(!f.help_zh.is_empty() && !f.help_en.is_empty());
            }
        }
    }
}
