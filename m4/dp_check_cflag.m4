# DP_CHECK_CFLAG(FLAG, [ACTION-IF-OK], [ACTION-IF-NOT])
# ----------------------------------------------------
# Check whether the C compiler accepts FLAG without a warning (-Werror),
# for warnings and code generation flags.  Caches the answer per flag.
AC_DEFUN([DP_CHECK_CFLAG],
[AS_VAR_PUSHDEF([dp_cv], [dp_cv_cflag_$1])dnl
AC_CACHE_CHECK([whether $CC accepts $1], [dp_cv],
  [dp_save_CFLAGS=$CFLAGS
   CFLAGS="$CFLAGS -Werror $1"
   AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[]], [[return 0;]])],
     [AS_VAR_SET([dp_cv], [yes])], [AS_VAR_SET([dp_cv], [no])])
   CFLAGS=$dp_save_CFLAGS])
AS_VAR_IF([dp_cv], [yes], [$2], [$3])dnl
AS_VAR_POPDEF([dp_cv])dnl
])
