// Prints a rule of the model: id, document, section and the RFC's words. Exit status 1 when
// the model has no rule by that name.
#include <cstdio>
#include <string>

#include "model/rule.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: rule_lookup RULE-ID\n");
    return 2;
  }
  const auto rule = wsconform::model::find_rule(argv[1]);
  if (!rule) {
    std::fprintf(stderr, "no rule %s in the model\n", argv[1]);
    return 1;
  }
  const std::string id(rule->id.value), document(rule->document), section(rule->section), cites(rule->cites);
  std::printf("%s %s %s: \"%s\"\n", id.c_str(), document.c_str(), section.c_str(), cites.c_str());
  return 0;
}
