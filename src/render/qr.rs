//! QR codes of page URLs as small inline SVG, made at build time with no network, so a
//! shop can print the code of its partner page for its window.

use qrcode::bits::encode_auto;
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::ec::construct_codewords;
use qrcode::{Color, EcLevel};

/// An SVG drawing of `text` as a QR code: one path of horizontal runs, with the quiet zone.
pub fn svg(text: &str, label: &str) -> Option<String> {
    // A fixed mask: scoring all eight (what `QrCode::new` does) was a third of a
    // 10,000-entry build, and any mask gives a valid code that phones read.
    let level = EcLevel::M;
    let bits = encode_auto(text.as_bytes(), level).ok()?;
    let version = bits.version();
    let (data, ec) = construct_codewords(&bits.into_bytes(), version, level).ok()?;
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    canvas.apply_mask(MaskPattern::Checkerboard);
    let width = version.width() as usize;
    let colors = canvas.into_colors();
    let quiet = 4;
    let size = width + 2 * quiet;
    // Each row of dark modules is a line one unit wide through the row's middle: an
    // absolute move to the row's first run, relative moves between runs. Half the bytes
    // of one rectangle per run, and the QR code is a third of a page.
    let mut path = String::with_capacity(width * width);
    for y in 0..width {
        let mut x = 0;
        let mut pen: Option<usize> = None;
        while x < width {
            if colors[y * width + x] == Color::Dark {
                let start = x;
                while x < width && colors[y * width + x] == Color::Dark {
                    x += 1;
                }
                match pen {
                    None => {
                        path.push('M');
                        push_number(&mut path, start + quiet);
                        path.push(' ');
                        push_number(&mut path, y + quiet);
                        path.push_str(".5");
                    }
                    Some(end) => {
                        path.push('m');
                        push_number(&mut path, start - end);
                        path.push_str(" 0");
                    }
                }
                path.push('h');
                push_number(&mut path, x - start);
                pen = Some(x);
            } else {
                x += 1;
            }
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"160\" height=\"160\" role=\"img\" aria-label=\"{}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" stroke=\"#000\"/></svg>",
        crate::escape::html(label)
    ))
}

/// `n` in decimal at the end of `text` (a QR code's coordinates: a few hundred at most,
/// and a hundred thousand pages have thousands of them each).
fn push_number(text: &mut String, n: usize) {
    if n >= 10 {
        push_number(text, n / 10);
    }
    text.push(char::from(b'0' + (n % 10) as u8));
}

#[cfg(test)]
mod tests {
    #[test]
    fn draws_a_code() {
        let svg = super::svg("https://example.gov.cn/yd/benefits/free-bus/", "二维码").unwrap();
        assert!(
            svg.starts_with("<svg") && svg.contains("<path d=\"M4 4.5h7"),
            "{svg}"
        );
        assert!(svg.len() < 4000, "{}", svg.len());
    }
}
