# cmake -DGCD_MPI=... -DWORDS=... -DTEMPLATE=... -DOUTPUT=... -DVERSION=... -P
cmake_minimum_required(VERSION 3.22)  # script mode: new policies (IN_LIST)
# Writes gcd_mpi's bash completion: every option of `gcd_mpi --help`'s option
# tables (long ones, and the short ones written beside a long one:
# "-k [ --kernel ]" or "-k, --kernel"), and for each choice option the names that
# gcd_mpi_completion_words prints from the option parser's name tables.
execute_process(COMMAND "${GCD_MPI}" --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "make-completion: '${GCD_MPI} --help' failed (${rc})")
endif()
execute_process(COMMAND "${WORDS}" OUTPUT_VARIABLE words RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "make-completion: '${WORDS}' failed (${rc})")
endif()

# Only the rows of the option tables: a line indented by at most 8 spaces
# that starts with the option ("  -k, --kernel NAME", Boost's
# "  -k [ --kernel ] arg", "  --io arg"), not an option named in prose or an
# example's mpirun flag. (Boost's " [ --" becomes ", --" first: a '[' in a
# list item would keep CMake from splitting the list there.)
string(REPLACE " [ --" ", --" paired "${help}")
string(REGEX MATCHALL "(\n|^) ? ? ? ? ? ? ? ?(-[a-zA-Z], )?--[a-z][a-z0-9-]*" rows "${paired}")
set(long_options "")
set(short_options "")
foreach(row IN LISTS rows)
  string(REGEX MATCH "(-([a-zA-Z]), )?--([a-z0-9-]+)$" _ "${row}")
  list(APPEND long_options "--${CMAKE_MATCH_3}")
  if(CMAKE_MATCH_2)
    set(short_of_${CMAKE_MATCH_3} "-${CMAKE_MATCH_2}")
    list(APPEND short_options "-${CMAKE_MATCH_2}")
  endif()
endforeach()
list(REMOVE_DUPLICATES long_options)
list(SORT long_options)
if(NOT long_options)
  message(FATAL_ERROR "make-completion: no option rows in '${GCD_MPI} --help'")
endif()
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
