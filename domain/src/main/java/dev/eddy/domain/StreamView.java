package dev.eddy.domain;

/** What the stream writes for each change: DynamoDB's StreamViewType. */
public enum StreamView {
    KEYS_ONLY(false, false),
    NEW_IMAGE(false, true),
    OLD_IMAGE(true, false),
    NEW_AND_OLD_IMAGES(true, true),
    /** The record did not say. */
    UNKNOWN(true, true);

    private final boolean carriesOld;
    private final boolean carriesNew;

    StreamView(boolean carriesOld, boolean carriesNew) {
        this.carriesOld = carriesOld;
        this.carriesNew = carriesNew;
    }

    public boolean carriesOldImage() {
        return carriesOld;
    }

    public boolean carriesNewImage() {
        return carriesNew;
    }
}
