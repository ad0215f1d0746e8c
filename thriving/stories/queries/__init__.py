"""The stories app's reads, by concept (the same names as its services): projects, telling,
coding, themes, sensemaking (patterns across signifiers), priorities, msc. Each read starts from
what the person may see (`visible_to`)."""
