#include "check/case_file.hpp"

#include <nlohmann/json.hpp>

namespace wsconform::check {
namespace {

using nlohmann::json;

std::string hex(const Bytes& b) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string s;
  for (std::uint8_t x : b) s += digits[x >> 4], s += digits[x & 15];
  return s;
}

std::optional<Bytes> unhex(const std::string& s) {
  if (s.size() % 2) return std::nullopt;
  const auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  Bytes b;
  for (std::size_t i = 0; i < s.size(); i += 2) {
    const int hi = nibble(s[i]), lo = nibble(s[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    b.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
  }
  return b;
}

}  // namespace

std::string write_case_file(const CaseFile& c) {
  json j;
  j["wsconform-check-case"] = 1;
  j["target"] = c.target;
  j["role"] = model::to_string(c.role);
  j["seed"] = c.seed;
  j["run"] = c.run;
  j["steps_drawn"] = c.steps_drawn;
  if (c.finding) j["finding"] = {{"rule", c.finding->rule}, {"section", c.finding->section}, {"detail", c.finding->detail}, {"cites", c.finding->cites},
                                 {"grade", model::to_string(c.finding->grade)}};
  json steps = json::array();
  for (const auto& s : c.steps) {
    json x{{"what", s.what}};
    if (s.kind == Step::Kind::write) {
      json w = json::array();
      for (const auto& b : s.writes) w.push_back(hex(b));
      x["writes"] = w;
    } else if (s.kind == Step::Kind::close) {
      x["close"] = s.code ? json{{"code", *s.code}, {"reason", hex(s.reason)}} : json::object();
    } else {
      x["close_tcp"] = true;
    }
    steps.push_back(x);
  }
  j["steps"] = steps;
  return j.dump(2) + "\n";
}

bool looks_like_case_file(const std::string& text) {
  const auto at = text.find_first_not_of(" \t\r\n");
  return at != std::string::npos && text[at] == '{' && text.find("\"wsconform-check-case\"") != std::string::npos;
}

CaseFileReading read_case_file(const std::string& text) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return {std::nullopt, "not JSON: a check case file is a JSON object"};
  if (j.value("wsconform-check-case", 0) != 1) return {std::nullopt, "no \"wsconform-check-case\": 1 (not a check case file, or a newer version)"};
  CaseFile c;
  c.target = j.value("target", std::string());
  const std::string role = j.value("role", std::string("server"));
  if (role != "server" && role != "client") return {std::nullopt, "\"role\" is \"" + role + "\": server or client"};
  c.role = role == "client" ? model::Role::client : model::Role::server;
  c.seed = j.value("seed", std::uint64_t{0});
  c.run = j.value("run", std::uint64_t{0});
  c.steps_drawn = j.value("steps_drawn", std::size_t{0});
  if (j.contains("finding") && j["finding"].is_object()) {
    const auto& f = j["finding"];
    c.finding = Finding{f.value("rule", ""), f.value("section", ""), f.value("detail", ""), f.value("cites", ""),
                        f.value("grade", std::string("violation")) == "lenient" ? model::Grade::lenient : model::Grade::violation};
  }
  if (!j.contains("steps") || !j["steps"].is_array()) return {std::nullopt, "no \"steps\" array"};
  std::size_t n = 0;
  for (const auto& x : j["steps"]) {
    ++n;
    const std::string where = "step " + std::to_string(n) + ": ";
    if (!x.is_object()) return {std::nullopt, where + "not an object"};
    Step s;
    s.what = x.value("what", std::string());
    if (x.contains("writes") && x["writes"].is_array()) {
      for (const auto& w : x["writes"]) {
        const auto b = w.is_string() ? unhex(w.get<std::string>()) : std::nullopt;
        if (!b) return {std::nullopt, where + "a write that is not hex octets"};
        s.writes.push_back(*b);
      }
    } else if (x.contains("close") && x["close"].is_object()) {
      s.kind = Step::Kind::close;
      const auto& cl = x["close"];
      if (cl.contains("code")) {
        if (!cl["code"].is_number_unsigned() || cl["code"].get<std::uint64_t>() > 0xffff) return {std::nullopt, where + "a close code that is not 0-65535"};
        s.code = cl["code"].get<std::uint16_t>();
        const auto r = unhex(cl.value("reason", std::string()));
        if (!r) return {std::nullopt, where + "a close reason that is not hex octets"};
        s.reason = *r;
      }
    } else if (x.value("close_tcp", false)) {
      s.kind = Step::Kind::close_tcp;
    } else {
      return {std::nullopt, where + "neither \"writes\", \"close\" nor \"close_tcp\""};
    }
    c.steps.push_back(std::move(s));
  }
  return {std::move(c), {}};
}

}  // namespace wsconform::check
