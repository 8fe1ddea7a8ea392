#include "report/html_page.hpp"

namespace wsconform::report {
namespace {

constexpr const char* kCss = R"(
:root{--pass:#1a7f37;--nonstrict:#7d8b1a;--fail:#c62828;--info:#1f5fbf;--unimpl:#8d6e63;--bg:#fafafa}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;padding:1rem;background:var(--bg);color:#222}
h1{font-size:1.4rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:1.6rem 0 .5rem}h3{font-size:1rem;margin:1rem 0 .3rem}
.counts{display:flex;flex-wrap:wrap;gap:.5rem;margin-bottom:1rem}.count{padding:.35rem .7rem;border-radius:6px;color:#fff;font-weight:600}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0;position:sticky;top:0}.matrix td.case{white-space:nowrap}
td.pass,.count.pass{background:var(--pass);color:#fff}td.nonstrict,.count.nonstrict{background:var(--nonstrict);color:#fff}
td.fail,.count.fail{background:var(--fail);color:#fff}td.info,.count.info{background:var(--info);color:#fff}
td.unimplemented,.count.unimplemented{background:var(--unimpl);color:#fff}td.missing{background:#bbb}
td a{color:inherit}.close{font-size:.85em}tr.group th{background:#e4e4e4;font-size:1.02em}
.scroll{overflow-x:auto}pre{white-space:pre-wrap;word-break:break-all;background:#fff;border:1px solid #ddd;padding:.5rem;margin:.3rem 0}
.wirelog pre{margin:0;border:none;padding:.05rem .5rem}.tx{color:#0b5394}.rx{color:#38761d}.timer{color:#a61c00}
.rule{border-left:4px solid #999;padding:.3rem .6rem;margin:.4rem 0;background:#fff}.rule.violation{border-color:var(--fail)}
.rule.lenient{border-color:var(--nonstrict)}.sentence{margin:.2rem 0 .2rem 1rem}.sentence .key{font-weight:600}
.reason{color:#6a4c93}.rule.informational{border-color:var(--info)}.muted{color:#666}
h1 .pass{color:var(--pass)}h1 .nonstrict{color:var(--nonstrict)}h1 .fail{color:var(--fail)}h1 .info{color:var(--info)}h1 .unimplemented{color:var(--unimpl)}
td .muted{color:inherit;opacity:.8}
@media (max-width:640px){body{padding:.5rem}th,td{padding:.25rem}.desc{display:none}}
)";

}  // namespace

std::string esc(std::string_view s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

std::string page(const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
         "content=\"width=device-width,initial-scale=1\"><title>" +
         esc(title) + "</title><style>" + kCss + "</style></head><body>\n" + body + "\n</body></html>\n";
}

}  // namespace wsconform::report
