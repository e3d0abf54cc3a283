// The patter language: campaigns, policies and handler modules (docs/LANGUAGE.md).
// Syntax only; names, types and compliance are checked by the compiler's passes.
grammar Patter;

script : importDecl* declaration* EOF ;

importDecl : IMPORT STRING ;

declaration
  : campaignDecl
  | policyDecl
  | handlersDecl
  | repliesDecl
  | outcomeDecl
  ;

// `outcome revoked revoked`: a way a call can end and its kind (sale, no_sale, callback, ...).
outcomeDecl : OUTCOME name=ident kind=ident ;

// ---- campaigns ----------------------------------------------------------------------------

campaignDecl : CAMPAIGN name=ident LBRACE campaignItem* RBRACE ;

campaignItem
  : TITLE STRING                          # titleItem
  | CHANNEL ident                         # channelItem
  | POLICY ident                          # policyRefItem
  | OFFER LBRACE offerFact* RBRACE        # offerItem
  | CLAUSES LBRACE clauseDef* RBRACE      # clausesItem
  | START ident                           # startItem
  | stepDecl                              # stepItem
  | objectionDecl                         # objectionItem
  | route                                 # handlerItem
  | outcomeDecl                           # outcomeItem
  ;

offerFact : name=ident factValue ;

factValue
  : STRING                                # textValue
  | NUMBER unit=ident (PER per=ident)?    # quantityValue
  | ident                                 # enumValue
  ;

clauseDef : name=ident STRING waiver? ;

// ---- steps and statements -----------------------------------------------------------------

stepDecl : STEP name=ident LBRACE stmt* RBRACE ;

objectionDecl : OBJECTION name=ident (WHEN STRING (COMMA STRING)*)? LBRACE stmt* RBRACE ;

stmt
  : SAY STRING waiver?                            # sayStmt
  | ASK STRING waiver?                            # askStmt
  | DISCLOSE ident (COMMA ident)*                 # discloseStmt
  | VERIFY OWNER                                  # verifyStmt
  | CONFIRM                                       # confirmStmt
  | REGISTER                                      # registerStmt
  | INVOKE ident LBRACE invokeResult* RBRACE      # invokeStmt
  | END ident                                     # endStmt
  | GOTO target                                   # gotoStmt
  | route                                         # routeStmt
  | RETRY                                         # retryStmt
  | EXHAUSTED ARROW target                        # exhaustedStmt
  | waiver                                        # waiverStmt
  ;

waiver : ALLOW ident STRING ;

invokeResult : ident ARROW target ;

route : ON ident (COMMA ident)* ARROW target ;

target
  : END ident                             # endTarget
  | OBJECTION ident                       # objectionTarget
  | RESUME                                # resumeTarget
  | ident                                 # stepTarget
  ;

// ---- policies and handler modules ---------------------------------------------------------

// `extends` takes every item of the base policy; the compiler checks that nothing is weakened.
policyDecl : POLICY name=ident (EXTENDS base=ident)? LBRACE policyItem* RBRACE ;

// Beyond limits and required clauses a policy holds settings (`recording "…"`) and lexicon
// entries (`banned "完全免费" { rule R09  suggest "…" }`); the compiler gives them meaning.
policyItem
  : LIMIT ident NUMBER                                # limitItem
  | REQUIRE ident (COMMA ident)*                      # requireItem
  | kind=ident STRING LBRACE policyField* RBRACE      # entryItem
  | key=ident policyValue (COMMA policyValue)*        # settingItem
  ;

policyField : key=ident policyValue (COMMA policyValue)* ;

policyValue
  : STRING                                # stringValue
  | NUMBER                                # numberValue
  | ident                                 # wordValue
  ;

// `replies NAME { reply "yes" { words "是的", … match "…" nomatch "…" }  line "…" { text "…" } }`:
// reply vocabularies and the runtime's own lines; the items are read like a policy's.
repliesDecl : REPLIES name=ident LBRACE policyItem* RBRACE ;

handlersDecl : HANDLERS name=ident LBRACE handlersItem* RBRACE ;

handlersItem
  : stepDecl                              # handlerStepItem
  | route                                 # handlerRouteItem
  ;

// Keywords are reserved only where they would be ambiguous: a step may be called `confirm`.
// Words that open a declaration (import, campaign, handlers, replies, step, objection) stay reserved so
// that error recovery does not read the next declaration as a name.
ident
  : IDENT
  | POLICY | TITLE | CHANNEL | OFFER | CLAUSES | START
  | SAY | ASK | DISCLOSE | VERIFY | OWNER | CONFIRM | REGISTER | INVOKE | GOTO | RETRY
  | EXHAUSTED | ALLOW | WHEN | PER | LIMIT | REQUIRE | OUTCOME | EXTENDS
  ;

// ---- tokens -------------------------------------------------------------------------------

IMPORT    : 'import' ;
CAMPAIGN  : 'campaign' ;
POLICY    : 'policy' ;
HANDLERS  : 'handlers' ;
REPLIES   : 'replies' ;
TITLE     : 'title' ;
CHANNEL   : 'channel' ;
OFFER     : 'offer' ;
CLAUSES   : 'clauses' ;
START     : 'start' ;
STEP      : 'step' ;
SAY       : 'say' ;
ASK       : 'ask' ;
DISCLOSE  : 'disclose' ;
VERIFY    : 'verify' ;
OWNER     : 'owner' ;
CONFIRM   : 'confirm' ;
REGISTER  : 'register' ;
INVOKE    : 'invoke' ;
END       : 'end' ;
GOTO      : 'goto' ;
ON        : 'on' ;
OBJECTION : 'objection' ;
WHEN      : 'when' ;
RETRY     : 'retry' ;
EXHAUSTED : 'exhausted' ;
RESUME    : 'resume' ;
ALLOW     : 'allow' ;
PER       : 'per' ;
LIMIT     : 'limit' ;
REQUIRE   : 'require' ;
OUTCOME   : 'outcome' ;
EXTENDS   : 'extends' ;

ARROW  : '->' ;
LBRACE : '{' ;
RBRACE : '}' ;
COMMA  : ',' ;

NUMBER : [0-9]+ ('.' [0-9]+)? ;
IDENT  : [\p{Alpha}_] [\p{Alnum}_]* ;
STRING : '"' ( ~["\\\r\n] | '\\' . )* '"' ;

LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
WS            : [ \t\r\n\u3000\uFEFF]+ -> skip ;
