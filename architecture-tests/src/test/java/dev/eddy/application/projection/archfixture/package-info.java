/**
 * Classes that break the architecture rules on purpose, outside {@code port.out}, to prove each rule
 * can fail there too. They are test classes, so the import of production classes leaves them out.
 */
package dev.eddy.application.projection.archfixture;
