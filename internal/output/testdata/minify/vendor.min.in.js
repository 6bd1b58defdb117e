/*! vendor 1.0 | MIT */
var vendor = function ( a ) { return a ; };
