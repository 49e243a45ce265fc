/*
 * cjson-names.h - the bundled cJSON under names of its own.
 *
 * lib/cjson/ is cJSON as Debian 12 ships it (see lib/cjson/README).  Every
 * public name gets the prefix dp__, so that the copy inside libdueproc
 * never meets an application's own cJSON: not at link time (static
 * builds), not through the symbol table, and above all not through
 * cJSON_InitHooks, whose hooks are global to a copy of cJSON — the
 * library sets the hooks of its own copy (lib/arena.c) and no one
 * else's.  Made from lib/cjson/cJSON.h by:
 *
 *   grep -o 'CJSON_PUBLIC([^)]*) *cJSON_[A-Za-z_]*' lib/cjson/cJSON.h |
 *     sed 's/.* //' | sort -u
 *
 * tests/exports.sh checks that none of them is exported.
 */
#ifndef DP_CJSON_NAMES_H
#define DP_CJSON_NAMES_H
#define cJSON_AddArrayToObject dp__cJSON_AddArrayToObject
#define cJSON_AddBoolToObject dp__cJSON_AddBoolToObject
#define cJSON_AddFalseToObject dp__cJSON_AddFalseToObject
#define cJSON_AddItemReferenceToArray dp__cJSON_AddItemReferenceToArray
#define cJSON_AddItemReferenceToObject dp__cJSON_AddItemReferenceToObject
#define cJSON_AddItemToArray dp__cJSON_AddItemToArray
#define cJSON_AddItemToObject dp__cJSON_AddItemToObject
#define cJSON_AddItemToObjectCS dp__cJSON_AddItemToObjectCS
#define cJSON_AddNullToObject dp__cJSON_AddNullToObject
#define cJSON_AddNumberToObject dp__cJSON_AddNumberToObject
#define cJSON_AddObjectToObject dp__cJSON_AddObjectToObject
#define cJSON_AddRawToObject dp__cJSON_AddRawToObject
#define cJSON_AddStringToObject dp__cJSON_AddStringToObject
#define cJSON_AddTrueToObject dp__cJSON_AddTrueToObject
#define cJSON_Compare dp__cJSON_Compare
#define cJSON_CreateArray dp__cJSON_CreateArray
#define cJSON_CreateArrayReference dp__cJSON_CreateArrayReference
#define cJSON_CreateBool dp__cJSON_CreateBool
#define cJSON_CreateDoubleArray dp__cJSON_CreateDoubleArray
#define cJSON_CreateFalse dp__cJSON_CreateFalse
#define cJSON_CreateFloatArray dp__cJSON_CreateFloatArray
#define cJSON_CreateIntArray dp__cJSON_CreateIntArray
#define cJSON_CreateNull dp__cJSON_CreateNull
#define cJSON_CreateNumber dp__cJSON_CreateNumber
#define cJSON_CreateObject dp__cJSON_CreateObject
#define cJSON_CreateObjectReference dp__cJSON_CreateObjectReference
#define cJSON_CreateRaw dp__cJSON_CreateRaw
#define cJSON_CreateString dp__cJSON_CreateString
#define cJSON_CreateStringArray dp__cJSON_CreateStringArray
#define cJSON_CreateStringReference dp__cJSON_CreateStringReference
#define cJSON_CreateTrue dp__cJSON_CreateTrue
#define cJSON_Delete dp__cJSON_Delete
#define cJSON_DeleteItemFromArray dp__cJSON_DeleteItemFromArray
#define cJSON_DeleteItemFromObject dp__cJSON_DeleteItemFromObject
#define cJSON_DeleteItemFromObjectCaseSensitive dp__cJSON_DeleteItemFromObjectCaseSensitive
#define cJSON_DetachItemFromArray dp__cJSON_DetachItemFromArray
#define cJSON_DetachItemFromObject dp__cJSON_DetachItemFromObject
#define cJSON_DetachItemFromObjectCaseSensitive dp__cJSON_DetachItemFromObjectCaseSensitive
#define cJSON_DetachItemViaPointer dp__cJSON_DetachItemViaPointer
#define cJSON_Duplicate dp__cJSON_Duplicate
#define cJSON_GetArrayItem dp__cJSON_GetArrayItem
#define cJSON_GetArraySize dp__cJSON_GetArraySize
#define cJSON_GetErrorPtr dp__cJSON_GetErrorPtr
#define cJSON_GetNumberValue dp__cJSON_GetNumberValue
#define cJSON_GetObjectItem dp__cJSON_GetObjectItem
#define cJSON_GetObjectItemCaseSensitive dp__cJSON_GetObjectItemCaseSensitive
#define cJSON_GetStringValue dp__cJSON_GetStringValue
#define cJSON_HasObjectItem dp__cJSON_HasObjectItem
#define cJSON_InitHooks dp__cJSON_InitHooks
#define cJSON_InsertItemInArray dp__cJSON_InsertItemInArray
#define cJSON_IsArray dp__cJSON_IsArray
#define cJSON_IsBool dp__cJSON_IsBool
#define cJSON_IsFalse dp__cJSON_IsFalse
#define cJSON_IsInvalid dp__cJSON_IsInvalid
#define cJSON_IsNull dp__cJSON_IsNull
#define cJSON_IsNumber dp__cJSON_IsNumber
#define cJSON_IsObject dp__cJSON_IsObject
#define cJSON_IsRaw dp__cJSON_IsRaw
#define cJSON_IsString dp__cJSON_IsString
#define cJSON_IsTrue dp__cJSON_IsTrue
#define cJSON_Minify dp__cJSON_Minify
#define cJSON_Parse dp__cJSON_Parse
#define cJSON_ParseWithLength dp__cJSON_ParseWithLength
#define cJSON_ParseWithLengthOpts dp__cJSON_ParseWithLengthOpts
#define cJSON_ParseWithOpts dp__cJSON_ParseWithOpts
#define cJSON_Print dp__cJSON_Print
#define cJSON_PrintBuffered dp__cJSON_PrintBuffered
#define cJSON_PrintPreallocated dp__cJSON_PrintPreallocated
#define cJSON_PrintUnformatted dp__cJSON_PrintUnformatted
#define cJSON_ReplaceItemInArray dp__cJSON_ReplaceItemInArray
#define cJSON_ReplaceItemInObject dp__cJSON_ReplaceItemInObject
#define cJSON_ReplaceItemInObjectCaseSensitive dp__cJSON_ReplaceItemInObjectCaseSensitive
#define cJSON_ReplaceItemViaPointer dp__cJSON_ReplaceItemViaPointer
#define cJSON_SetNumberHelper dp__cJSON_SetNumberHelper
#define cJSON_SetValuestring dp__cJSON_SetValuestring
#define cJSON_Version dp__cJSON_Version
#define cJSON_free dp__cJSON_free
#define cJSON_malloc dp__cJSON_malloc
#endif
