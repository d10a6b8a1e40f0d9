# cmake -DGCD_MPI=... -DWORDS=... -DTEMPLATE=... -DOUTPUT=... -DVERSION=... -P
cmake_minimum_required(VERSION 3.22)  # script mode: new policies (IN_LIST)
# Writes gcd_mpi's bash completion: every option spelled in `gcd_mpi --help`
# (long ones, and the short ones written beside a long one: "-k [ --kernel ]"
# or "-k, --kernel"), and for each choice option the names that
# gcd_mpi_completion_words prints from the option parser's name tables.
execute_process(COMMAND "${GCD_MPI}" --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "make-completion: '${GCD_MPI} --help' failed (${rc})")
endif()
execute_process(COMMAND "${WORDS}" OUTPUT_VARIABLE words RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "make-completion: '${WORDS}' failed (${rc})")
endif()

string(REGEX MATCHALL "--[a-z][a-z0-9-]*" long_options "${help}")
list(REMOVE_DUPLICATES long_options)
list(SORT long_options)
# Short spelling of each long option, where --help pairs them.
# (Boost's "-k [ --kernel ]" becomes "-k, --kernel" first: a '[' in a list
# item would keep CMake from splitting the list there.)
string(REPLACE " [ --" ", --" paired "${help}")
string(REGEX MATCHALL "[ \n]-[a-zA-Z], --[a-z][a-z0-9-]*" pairs "${paired}")
set(short_options "")
foreach(pair IN LISTS pairs)
  string(REGEX MATCH "-([a-zA-Z]), --([a-z0-9-]+)" _ "${pair}")
  set(short_of_${CMAKE_MATCH_2} "-${CMAKE_MATCH_1}")
  list(APPEND short_options "-${CMAKE_MATCH_1}")
endforeach()
list(REMOVE_DUPLICATES short_options)
list(JOIN long_options " " all_options)
if(short_options)
  list(JOIN short_options " " shorts)
  string(APPEND all_options " ${shorts}")
endif()

set(cases "")
string(REPLACE "\n" ";" word_lines "${words}")
foreach(line IN LISTS word_lines)
  if(line STREQUAL "")
    continue()
  endif()
  string(REPLACE " " ";" fields "${line}")
  list(POP_FRONT fields option)
  if(NOT option IN_LIST long_options)
    message(FATAL_ERROR "make-completion: ${option} (gcd_mpi_completion_words) is not in gcd_mpi --help")
  endif()
  string(REGEX REPLACE "^--" "" bare "${option}")
  set(pattern "${option}")
  if(DEFINED short_of_${bare})
    string(APPEND pattern " | ${short_of_${bare}}")
  endif()
  list(JOIN fields " " names)
  string(APPEND cases "        ${pattern})\n"
         "            mapfile -t COMPREPLY < <(compgen -W \"${names}\" -- \"$cur\")\n"
         "            return 0\n"
         "            ;;\n")
endforeach()
string(REGEX REPLACE "\n$" "" cases "${cases}")

set(GCD_MPI_VERSION "${VERSION}")
set(GCD_MPI_OPTIONS "${all_options}")
set(GCD_MPI_CHOICE_CASES "${cases}")
configure_file("${TEMPLATE}" "${OUTPUT}" @ONLY)
