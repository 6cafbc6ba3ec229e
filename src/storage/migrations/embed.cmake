# Turns the .sql files of a dialect into a C++ source holding them as raw strings, in file order.
# Usage: cmake -DDIR=<dir> -DOUT=<file.cc> -DNAME=<function name> -P embed.cmake
file(GLOB files "${DIR}/*.sql")
list(SORT files)
set(body "")
foreach(f ${files})
  get_filename_component(name ${f} NAME)
  file(READ ${f} sql)
  string(APPEND body "      {\"${name}\", R\"__sql__(${sql})__sql__\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from ${DIR}: do not edit.\n#include \"storage/migrations.h\"\n\nnamespace civicgrid::storage {\n\nconst std::vector<Migration>& ${NAME}() {\n  static const std::vector<Migration> kAll = {\n${body}  };\n  return kAll;\n}\n\n}  // namespace civicgrid::storage\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
