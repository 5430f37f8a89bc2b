package dev.eddy.archfixture;

/** Lives in dev.eddy but in no layer, which the layered rule does not allow. */
public class ClassOutsideEveryLayer {
}
